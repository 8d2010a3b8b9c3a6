import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Node, Project } from 'ts-morph';
import {
  INDEXED_AFTER,
  copySites,
  creationsNamed,
  deletionsOf,
  fieldsHandedIn,
  filledHolders,
  implementersOf,
  methodCallsNamed,
  projectFileChanged,
  propertyAccessesNamed,
  setProjectFiles,
  storesThisAs,
  subclassesOf,
} from '../src/analysis/project-index.js';

/** A project of in-memory files, by path. */
function projectOf(files: Record<string, string>): Project {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], strict: true },
  });
  for (const [path, text] of Object.entries(files)) project.createSourceFile(path, text);
  return project;
}

/** copySites() answers in compiler nodes, which are described by their ts-morph nodes. */
const copySiteNodes = (project: Project): Node[] =>
  copySites(project).map(({ file, site }) => file.getDescendants().find((node) => node.compilerNode === site)!);

/** Each node as `file:line Kind first-line-of-text`, sorted: the queries promise no order. */
function described(nodes: Node[]): string[] {
  return nodes
    .map(
      (node) =>
        `${node.getSourceFile().getBaseName()}:${node.getStartLineNumber()} ${node.getKindName()} ${node.getText().split('\n')[0]}`,
    )
    .sort();
}

const ITEM = [
  'export class Item {',
  '  parent?: Item;',
  '  child?: Item;',
  '  constructor(readonly id: string) {}',
  '}',
].join('\n');

const cases: [name: string, files: Record<string, string>, query: (project: Project) => Node[], expected: string[]][] =
  [
    [
      'creationsNamed: new Card(…) across files, not another class or an installed package',
      {
        '/src/card.ts': [
          'export class Card {',
          '  constructor(readonly title: string) {}',
          '}',
          'export class Cards {}',
          "export const welcome = new Card('welcome');",
          'export const deck = new Cards();',
        ].join('\n'),
        '/src/board.ts': [
          "import { Card } from './card';",
          'export function deal(titles: string[]) {',
          '  return titles.map((title) => new Card(title));',
          '}',
        ].join('\n'),
        '/node_modules/cards/index.ts':
          "import { Card } from '../../src/card';\nexport const sample = new Card('sample');",
      },
      (project) => creationsNamed(project, 'Card'),
      ['board.ts:3 NewExpression new Card(title)', "card.ts:5 NewExpression new Card('welcome')"],
    ],
    [
      'methodCallsNamed: receiver.dispose(…), optional or not, but not a bare dispose()',
      {
        '/src/panel.ts': [
          'declare function dispose(): void;',
          'export class Panel {',
          '  child?: Panel;',
          '  dispose() {',
          '    this.child?.dispose();',
          '    dispose();',
          '  }',
          '}',
        ].join('\n'),
        '/src/main.ts': [
          "import { Panel } from './panel';",
          'const panel = new Panel();',
          'panel.dispose();',
          'panel.close?.();',
        ].join('\n'),
      },
      (project) => methodCallsNamed(project, 'dispose'),
      ['main.ts:3 CallExpression panel.dispose()', 'panel.ts:5 CallExpression this.child?.dispose()'],
    ],
    [
      'subclassesOf: class B extends A and a class expression, not a grandchild or an implementer',
      {
        '/src/a.ts': 'export class A {}\nexport class B extends A {}\nexport class D extends B {}',
        '/src/c.ts': [
          "import { A } from './a';",
          'export const C = class extends A {};',
          'export class E implements A {}',
        ].join('\n'),
      },
      (project) => subclassesOf(project, 'A'),
      ['a.ts:2 ClassDeclaration export class B extends A {}', 'c.ts:2 ClassExpression class extends A {}'],
    ],
    [
      'implementersOf: class C implements I, also beside a base and another interface, not an interface',
      {
        '/src/i.ts': 'export interface I {\n  run(): void;\n}\nexport interface J {}\nexport interface K extends I {}',
        '/src/c.ts': [
          "import type { I, J } from './i';",
          'export class Base {}',
          'export class C implements I {',
          '  run() {}',
          '}',
          'export class D extends Base implements J, I {',
          '  run() {}',
          '}',
          'export class E extends Base implements J {}',
        ].join('\n'),
      },
      (project) => implementersOf(project, 'I'),
      [
        'c.ts:3 ClassDeclaration export class C implements I {',
        'c.ts:6 ClassDeclaration export class D extends Base implements J, I {',
      ],
    ],
    [
      'filledHolders: a module-level Set filled by add(), not one never filled',
      {
        '/src/item.ts': ITEM,
        '/src/registry.ts': [
          "import type { Item } from './item';",
          'export const live = new Set<Item>();',
          'export const unused = new Set<Item>();',
          'export function track(item: Item) {',
          '  live.add(item);',
          '  return unused.has(item);',
          '}',
        ].join('\n'),
      },
      (project) => filledHolders(project),
      ['registry.ts:2 VariableDeclaration live = new Set<Item>()'],
    ],
    [
      'filledHolders: a static array filled by push(), not its empty sibling',
      {
        '/src/item.ts': [
          'export class Item {',
          '  static all: Item[] = [];',
          '  static spare: Item[] = [];',
          '  items: Item[] = [];',
          '  constructor() {',
          '    Item.all.push(this);',
          '    this.items.push(this);',
          '  }',
          '}',
        ].join('\n'),
      },
      (project) => filledHolders(project),
      ['item.ts:2 PropertyDeclaration static all: Item[] = [];'],
    ],
    [
      'filledHolders: a holder filled from another file, by set() and by assignment',
      {
        '/src/item.ts': ITEM,
        '/src/state.ts': [
          "import type { Item } from './item';",
          'export const byId = new Map<string, Item>();',
          'export const cache: Record<string, Item> = {};',
          'export let selected: Item | undefined;',
          'export let hovered: Item | undefined;',
        ].join('\n'),
        '/src/select.ts': [
          "import type { Item } from './item';",
          "import { byId, cache, selected } from './state';",
          'export function select(item: Item) {',
          '  byId.set(item.id, item);',
          '  cache[item.id] = item;',
          '  return selected;',
          '}',
        ].join('\n'),
      },
      (project) => filledHolders(project),
      [
        'state.ts:2 VariableDeclaration byId = new Map<string, Item>()',
        'state.ts:3 VariableDeclaration cache: Record<string, Item> = {}',
      ],
    ],
    [
      'filledHolders: a module-level let given a value',
      {
        '/src/item.ts': ITEM,
        '/src/focus.ts': [
          "import type { Item } from './item';",
          'let current: Item | undefined;',
          'let previous: Item | undefined;',
          'export function focus(item: Item) {',
          '  current = item;',
          '  return previous;',
          '}',
        ].join('\n'),
      },
      (project) => filledHolders(project),
      ['focus.ts:2 VariableDeclaration current: Item | undefined'],
    ],
    [
      'filledHolders: what starts filled, not what starts empty',
      {
        '/src/item.ts': ITEM,
        '/src/defaults.ts': [
          "import { Item } from './item';",
          "export const defaults = [new Item('a')];",
          "export const named = new Map([['a', new Item('a')]]);",
          "export const first = new Item('first');",
          'export const none: Item[] = [];',
          'export const table: Record<string, Item> = {};',
          'export const weak = new WeakMap<object, Item>();',
          'export const missing: Item | null = null;',
          'export const absent: Item | undefined = undefined;',
          'export let later: Item;',
        ].join('\n'),
      },
      (project) => filledHolders(project),
      [
        "defaults.ts:2 VariableDeclaration defaults = [new Item('a')]",
        "defaults.ts:3 VariableDeclaration named = new Map([['a', new Item('a')]])",
        "defaults.ts:4 VariableDeclaration first = new Item('first')",
      ],
    ],
    [
      'filledHolders: locals and declaration files hold nothing for the program',
      {
        '/src/item.ts': ITEM,
        '/src/run.ts': [
          "import type { Item } from './item';",
          'export function run(item: Item) {',
          '  const seen: Item[] = [];',
          '  seen.push(item);',
          '  pool.push(item);',
          '}',
        ].join('\n'),
        '/types/pool.d.ts': 'declare const pool: unknown[];',
      },
      (project) => filledHolders(project),
      [],
    ],
    [
      'filledHolders: a local of the same name in another file fills something else',
      {
        '/src/registry.ts': [
          'export const registry = new Set<object>();',
          'export const pending = new Set<object>();',
        ].join('\n'),
        '/src/plugin.ts': [
          "import { pending } from './registry';",
          'export function load(item: object) {',
          '  const registry = new Set<object>();',
          '  registry.add(item);',
          '  pending.add(item);',
          '}',
        ].join('\n'),
      },
      (project) => filledHolders(project),
      ['registry.ts:2 VariableDeclaration pending = new Set<object>()'],
    ],
    [
      'filledHolders: emptying a holder does not fill it',
      {
        '/src/history.ts': [
          'export let visited: object[] = [];',
          'export let current: object | null = null;',
          'export function reset() {',
          '  visited = [];',
          '  current = null;',
          '}',
        ].join('\n'),
      },
      (project) => filledHolders(project),
      [],
    ],
    [
      'copySites: JSON.stringify, a spread into an object, structuredClone and Object.keys',
      {
        '/src/item.ts': ITEM,
        '/src/copy.ts': [
          "import type { Item } from './item';",
          'export function copies(item: Item, items: Item[]) {',
          '  const text = JSON.stringify(item);',
          '  const flat = { ...item };',
          '  const deep = structuredClone(item);',
          '  const keys = Object.keys(item);',
          '  const list = [...items];',
          '  const parsed = JSON.parse(text);',
          '  return [flat, deep, keys, list, parsed];',
          '}',
        ].join('\n'),
      },
      (project) => copySiteNodes(project),
      [
        'copy.ts:3 CallExpression JSON.stringify(item)',
        'copy.ts:4 SpreadAssignment ...item',
        'copy.ts:5 CallExpression structuredClone(item)',
        'copy.ts:6 CallExpression Object.keys(item)',
      ],
    ],
    [
      'deletionsOf: delete item.parent, in any file, not another property',
      {
        '/src/item.ts': [
          'export class Item {',
          '  parent?: Item;',
          '  child?: Item;',
          '  detach() {',
          '    delete this.parent;',
          '  }',
          '}',
        ].join('\n'),
        '/src/tree.ts': [
          "import type { Item } from './item';",
          'export function prune(item: Item) {',
          '  delete item.parent;',
          '  delete item.child;',
          '}',
        ].join('\n'),
      },
      (project) => deletionsOf(project, 'parent'),
      ['item.ts:5 DeleteExpression delete this.parent', 'tree.ts:3 DeleteExpression delete item.parent'],
    ],
    [
      'propertyAccessesNamed: x.parent in any file, read or written, only those kept, not another property',
      {
        '/src/item.ts': [
          'export class Item {',
          '  parent?: Item;',
          '  child?: Item;',
          '  root() {',
          '    return this.parent ?? this;',
          '  }',
          '}',
        ].join('\n'),
        '/src/tree.ts': [
          "import type { Item } from './item';",
          'export function move(item: Item, to: Item, from: { parent: number }) {',
          '  item.parent = to;',
          '  item.child = from.parent > 0 ? to : undefined;',
          '}',
        ].join('\n'),
      },
      (project) => propertyAccessesNamed(project, 'parent', (access) => access.expression.getText() !== 'from'),
      ['item.ts:5 PropertyAccessExpression this.parent', 'tree.ts:3 PropertyAccessExpression item.parent'],
    ],
    [
      'a name nothing uses',
      { '/src/item.ts': ITEM },
      (project) => [
        ...creationsNamed(project, 'Missing'),
        ...methodCallsNamed(project, 'missing'),
        ...subclassesOf(project, 'Item'),
        ...implementersOf(project, 'Item'),
        ...deletionsOf(project, 'parent'),
        ...propertyAccessesNamed(project, 'missing', () => true),
        ...copySiteNodes(project),
      ],
      [],
    ],
  ];

describe('project-index: project-wide queries', () => {
  for (const [name, files, query, expected] of cases) {
    it(`${name} → ${expected.length}`, () => {
      assert.deepEqual(described(query(projectOf(files))), expected);
    });
  }
});

describe('project-index: answers follow edits to a file', () => {
  it('creationsNamed() sees a creation added after a first answer', () => {
    const project = projectOf({ '/src/card.ts': 'export class Card {}\nexport const one = new Card();' });
    assert.deepEqual(described(creationsNamed(project, 'Card')), ['card.ts:2 NewExpression new Card()']);
    project.getSourceFileOrThrow('/src/card.ts').addStatements('export const two = new Card();');
    assert.deepEqual(described(creationsNamed(project, 'Card')), [
      'card.ts:2 NewExpression new Card()',
      'card.ts:3 NewExpression new Card()',
    ]);
  });

  it('filledHolders() sees a holder filled after a first answer', () => {
    const project = projectOf({
      '/src/registry.ts': 'export const all = new Set<object>();\nexport const other = new Set<object>();',
      '/src/use.ts': "import { all, other } from './registry';\nall.add({});",
    });
    assert.deepEqual(described(filledHolders(project)), ['registry.ts:1 VariableDeclaration all = new Set<object>()']);
    project.getSourceFileOrThrow('/src/use.ts').addStatements('other.add({});');
    assert.deepEqual(described(filledHolders(project)), [
      'registry.ts:1 VariableDeclaration all = new Set<object>()',
      'registry.ts:2 VariableDeclaration other = new Set<object>()',
    ]);
  });
});

/**
 * The same project, with its files told to the index as discovery tells them: the index then picks
 * files by their text, and, once asked enough questions by name (`indexed`), by its word index.
 */
function groupedProjectOf(files: Record<string, string>, indexed = false): Project {
  const project = projectOf(files);
  const own = Object.entries(files).filter(([path]) => !path.includes('/node_modules/'));
  setProjectFiles(
    project,
    own.map(([path, text]) => ({ path, text })),
  );
  if (indexed)
    for (let question = 0; question < INDEXED_AFTER; question++) creationsNamed(project, `Unasked${question}`);
  return project;
}

for (const indexed of [false, true]) {
  describe(`project-index: files picked by ${indexed ? 'the word index' : 'their text'} answer as all files do`, () => {
    for (const [name, files, query, expected] of cases) {
      it(`${name} → ${expected.length}`, () => {
        assert.deepEqual(described(query(groupedProjectOf(files, indexed))), expected);
      });
    }

    it('a file that writes the name with a unicode escape is asked too', () => {
      const project = groupedProjectOf(
        {
          '/src/card.ts': 'export class Card {}',
          '/src/deal.ts': 'export const one = new \\u0043ard();',
        },
        indexed,
      );
      assert.deepEqual(described(creationsNamed(project, 'Card')), ['deal.ts:1 NewExpression new \\u0043ard()']);
    });

    it('a name a fix pass writes into a file is found there', () => {
      const project = groupedProjectOf(
        { '/src/card.ts': 'export class Card {}', '/src/deal.ts': 'export {};' },
        indexed,
      );
      assert.deepEqual(described(creationsNamed(project, 'Card')), []);
      const text = "import { Card } from './card';\nexport const one = new Card();";
      project.getSourceFileOrThrow('/src/deal.ts').replaceWithText(text);
      projectFileChanged(project, '/src/deal.ts', text);
      assert.deepEqual(described(creationsNamed(project, 'Card')), ['deal.ts:2 NewExpression new Card()']);
    });

    it('a property a fix pass reads in a file is found there', () => {
      const project = groupedProjectOf({ '/src/tree.ts': 'export const tree = { parent: 1 };' }, indexed);
      const all = () => true;
      assert.deepEqual(described(propertyAccessesNamed(project, 'parent', all)), []);
      const text = 'export const tree = { parent: 1 };\nexport const up = tree.parent;';
      project.getSourceFileOrThrow('/src/tree.ts').replaceWithText(text);
      projectFileChanged(project, '/src/tree.ts', text);
      assert.deepEqual(described(propertyAccessesNamed(project, 'parent', all)), [
        'tree.ts:2 PropertyAccessExpression tree.parent',
      ]);
    });
  });
}

describe('storesThisAs(): code that hands an object itself under a name', () => {
  const project = groupedProjectOf({
    '/src/tree.ts': [
      'export class Tree {',
      '  add(node: { tree?: Tree; owner?: unknown }) {',
      '    node.tree = this;',
      '    node.owner = (this as unknown);',
      '  }',
      '}',
    ].join('\n'),
    '/src/other.ts': 'export const link = { parent: {} as object };\nlink.parent = {};',
  });
  for (const [name, stored] of [
    ['tree', true],
    ['owner', true],
    ['parent', false],
    ['add', false],
  ] as const) {
    it(`${name} → ${stored}`, () => assert.equal(storesThisAs(project, name), stored));
  }
});

describe('fieldsHandedIn(): the fields a class sets to a parameter of its own constructor or method', () => {
  const cases: [string, string, string[]][] = [
    [
      'a constructor parameter',
      'class Node { tree: object; constructor(tree: object) { this.tree = tree; } }',
      ['tree'],
    ],
    [
      "a lifecycle method's parameter",
      'class Panel { host?: object; attach(host: object) { this.host = host; } }',
      ['host'],
    ],
    [
      'inside a callback of the method, and behind parentheses',
      'class Panel { host?: object; attach(host: object) { queueMicrotask(() => { (this.host) = host; }); } }',
      ['host'],
    ],
    ['a local, not a parameter', 'class Panel { host?: object; attach() { const host = {}; this.host = host; } }', []],
    [
      'a parameter of the callback, not of the method',
      'class Panel { host?: object; attach(all: object[]) { all.forEach((host) => { this.host = host; }); } }',
      [],
    ],
    ['a compound assignment', 'class Panel { count = 0; add(count: number) { this.count += count; } }', []],
    ['a method of an object literal', 'const panel = { host: {}, attach(host: object) { this.host = host; } };', []],
    [
      'a class inside a method answers for itself',
      'class Outer { make(host: object) { return class Inner { host?: object; set(host: object) { this.host = host; } }; } }',
      [],
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name} → ${expected.join(', ') || 'none'}`, () => {
      const owner = projectOf({ '/src/owner.ts': text }).getSourceFileOrThrow('/src/owner.ts').getClasses()[0];
      assert.deepEqual(owner ? [...fieldsHandedIn(owner)] : [], expected);
    });
  }
});
