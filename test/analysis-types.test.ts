import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClassDeclaration, type Expression, Project, type PropertyDeclaration, SyntaxKind, ts } from 'ts-morph';
import {
  accessesDeclaration,
  heldClassesOf,
  holdsNoInstance,
  instanceClassOf,
  isUntyped,
  propertiesAmong,
  referencedClassOf,
} from '../src/analysis/types.js';

function fileOf(code: string) {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], strict: true },
  });
  return project.createSourceFile('/src/holder.ts', code);
}

/** Classes and interfaces for the holder's properties to be typed with. */
const PREAMBLE = [
  'class Owner {',
  '  name = "";',
  '}',
  'class Other {}',
  'class Tree<T> {',
  '  value?: T;',
  '}',
  'interface Plugin {',
  '  run(): void;',
  '}',
  'class Logger implements Plugin {',
  '  run() {}',
  '}',
].join('\n');

/** The one property of a `Holder` class with this member, beside the preamble's classes. */
function propertyOf(member: string): PropertyDeclaration {
  const file = fileOf(`${PREAMBLE}\nclass Holder<T extends Owner> {\n  ${member}\n}\n`);
  const [property] = file.getClassOrThrow('Holder').getProperties();
  assert.ok(property, `a property in ${member}`);
  return property;
}

const names = (classes: ClassDeclaration[]) => classes.map((cls) => cls.getName());

/** What the three functions answer for the property's type, in names. */
interface Answers {
  referenced: { target: string | undefined; absence: string } | undefined;
  held: (string | undefined)[];
  instance: string | undefined;
}

function answersFor(property: PropertyDeclaration): Answers {
  const file = property.getSourceFile();
  const referenced = referencedClassOf(property, property.hasQuestionToken());
  return {
    referenced: referenced && { target: referenced.target.getName(), absence: referenced.absence },
    held: names(heldClassesOf(property, (name) => (name === 'Plugin' ? [file.getClassOrThrow('Logger')] : []))),
    instance: instanceClassOf(property)?.getName(),
  };
}

const one = (absence: string) => ({ target: 'Owner', absence });

describe('referencedClassOf(), heldClassesOf(), instanceClassOf(): what a property of this type keeps', () => {
  const cases: [name: string, member: string, expected: Answers][] = [
    ['Owner', 'owner!: Owner;', { referenced: one('none'), held: ['Owner'], instance: 'Owner' }],
    [
      'Owner | undefined',
      'owner: Owner | undefined;',
      { referenced: one('undefined'), held: ['Owner'], instance: undefined },
    ],
    ['an optional Owner', 'owner?: Owner;', { referenced: one('undefined'), held: ['Owner'], instance: undefined }],
    ['Owner | null', 'owner: Owner | null = null;', { referenced: one('null'), held: ['Owner'], instance: undefined }],
    [
      'Owner | null | undefined: null wins',
      'owner: Owner | null | undefined;',
      { referenced: one('null'), held: ['Owner'], instance: undefined },
    ],
    ['Owner[]', 'owners: Owner[] = [];', { referenced: undefined, held: ['Owner'], instance: undefined }],
    [
      'ReadonlyArray<Owner>',
      'owners!: ReadonlyArray<Owner>;',
      { referenced: undefined, held: ['Owner'], instance: undefined },
    ],
    ['Set<Owner>', 'owners = new Set<Owner>();', { referenced: undefined, held: ['Owner'], instance: undefined }],
    [
      'Map<string, Owner>',
      'owners = new Map<string, Owner>();',
      { referenced: undefined, held: ['Owner'], instance: undefined },
    ],
    [
      'Record<string, Owner>',
      'owners: Record<string, Owner> = {};',
      { referenced: undefined, held: ['Owner'], instance: undefined },
    ],
    [
      'a union of two classes',
      'owner!: Owner | Other;',
      { referenced: undefined, held: ['Owner', 'Other'], instance: undefined },
    ],
    [
      'an instance of a generic class',
      'tree = new Tree<string>();',
      { referenced: { target: 'Tree', absence: 'none' }, held: ['Tree'], instance: 'Tree' },
    ],
    [
      'a type parameter, by its constraint',
      'owner!: T;',
      { referenced: one('none'), held: ['Owner'], instance: 'Owner' },
    ],
    [
      'an interface, by the classes that implement it',
      'plugin!: Plugin;',
      { referenced: undefined, held: ['Logger'], instance: undefined },
    ],
    [
      'a WeakMap keeps nothing alive',
      'owners = new WeakMap<object, Owner>();',
      { referenced: undefined, held: [], instance: undefined },
    ],
    ['any', 'owner: any;', { referenced: undefined, held: [], instance: undefined }],
  ];
  for (const [name, member, expected] of cases) {
    it(`${name} → [${expected.held.join(', ')}]`, () => {
      assert.deepEqual(answersFor(propertyOf(member)), expected);
    });
  }

  it('referencedClassOf(): the optional flag alone makes the reference absent as undefined', () => {
    const answer = referencedClassOf(propertyOf('owner!: Owner;'), true);
    assert.deepEqual(answer && { target: answer.target.getName(), absence: answer.absence }, one('undefined'));
  });

  it('heldClassesOf(): an interface without an implementersOf answer holds nothing', () => {
    assert.deepEqual(names(heldClassesOf(propertyOf('plugin!: Plugin;'))), []);
  });
});

/** The argument of the last `use(…)` call, after `target` is declared with this type. */
function targetOf(type: string): Expression {
  const file = fileOf(`declare function use(value: unknown): void;\ndeclare const target: ${type};\nuse(target);\n`);
  const call = file.getDescendantsOfKind(SyntaxKind.CallExpression).at(-1);
  assert.ok(call, 'a use(…) call');
  return call.getArguments()[0] as Expression;
}

describe('propertiesAmong(): which of the names a value has as properties', () => {
  const asked = ['addEventListener', 'on', 'subscribe'];
  const cases: [name: string, type: string, expected: string[] | undefined][] = [
    ['a DOM element', 'HTMLElement', ['addEventListener']],
    ['a possibly absent target', 'EventTarget | undefined', ['addEventListener']],
    ['an emitter, in the order asked', '{ subscribe(): void; on(): void }', ['on', 'subscribe']],
    ['a value without any of them', 'string', []],
    ['any', 'any', undefined],
    ['unknown, which strict mode would narrow to {}', 'unknown', undefined],
  ];
  for (const [name, type, expected] of cases) {
    it(`${name} → ${expected ? `[${expected.join(', ')}]` : 'undefined'}`, () => {
      assert.deepEqual(propertiesAmong(targetOf(type), asked), expected);
    });
  }
});

describe('holdsNoInstance(): the syntax shows a property keeps no object of a class, and the checker agrees', () => {
  const members: [member: string, holdsNone: boolean][] = [
    ['onClick = () => {};', true],
    ['onKey = function () {};', true],
    ['label: string;', true],
    ['count = 0;', true],
    ["title = 'untitled';", true],
    // Split so that it is not read as a placeholder in a plain string.
    ['template = `a$' + '{1}`;', true],
    ['open = false;', true],
    ['pattern = /x/g;', true],
    ['big = 1n;', true],
    ['callback: () => void = () => {};', true],
    ['nothing: null = null;', true],
    ['owner?: Owner;', false],
    ['owner = new Owner();', false],
    ['owners = [new Owner()];', false],
    ['made = (() => new Owner())();', false],
    ['kind: "a" | "b" = "a";', false],
    ['unset = null;', false],
    ['logger: Plugin = new Logger();', false],
  ];
  for (const [member, holdsNone] of members) {
    it(`${member} → ${holdsNone ? 'none' : 'ask the checker'}`, () => {
      const property = propertyOf(member);
      assert.equal(holdsNoInstance(property), holdsNone);
      if (!holdsNone) return;
      assert.deepEqual(answersFor(property), { referenced: undefined, held: [], instance: undefined });
      assert.ok(!isUntyped(property), 'an untyped property may be a JavaScript back-pointer');
    });
  }
});

describe("accessesDeclaration(): x.owner reads the Child class's owner property", () => {
  const CLASSES = [
    'class Owner {}',
    'class Child<T = Owner> {',
    '  owner?: T;',
    '}',
    'class Sub extends Child {}',
    'class Other {',
    '  owner?: Owner;',
    '}',
    'interface HasOwner {',
    '  owner?: Owner;',
    '}',
  ].join('\n');
  const accesses: [value: string, reads: boolean][] = [
    ['new Child().owner', true],
    ['new Sub().owner', true],
    ['new Child<string>().owner', true],
    ['(new Child() as Child | Other).owner', true],
    ['({} as Readonly<Child>).owner', true],
    ['new Other().owner', false],
    ['({} as HasOwner).owner', false],
    ['({ owner: 1 }).owner', false],
  ];
  for (const [value, reads] of accesses) {
    it(`${value} → ${reads}`, () => {
      const file = fileOf(`${CLASSES}\nconst read = ${value};\n`);
      const declaration = file.getClassOrThrow('Child').getPropertyOrThrow('owner').compilerNode;
      const access = file.getVariableDeclarationOrThrow('read').getInitializerOrThrow().compilerNode;
      assert.ok(ts.isPropertyAccessExpression(access));
      assert.equal(accessesDeclaration(file.getProject(), access, declaration), reads);
    });
  }
});
