import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Expression, Project, SyntaxKind } from 'ts-morph';
import { listenerCallsIn } from '../src/analysis/listeners.js';
import {
  abortedAtTeardown,
  endedAtTeardown,
  isSetupMember,
  lifecycleOf,
  memberName,
  noTeardownBecause,
  type OwnerClass,
  placementOf,
  runsAtTeardown,
  stateScopedBecause,
  teardownInWords,
  teardownPlan,
} from '../src/analysis/owners.js';

function fileOf(code: string) {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] },
  });
  return project.createSourceFile('/src/panel.ts', code);
}

/** The class named `name` in `code`, else its last class (the one the others lead up to). */
function classIn(code: string, name?: string): OwnerClass {
  const file = fileOf(code);
  const classes = [
    ...file.getDescendantsOfKind(SyntaxKind.ClassDeclaration),
    ...file.getDescendantsOfKind(SyntaxKind.ClassExpression),
  ];
  const owner = name ? classes.find((candidate) => candidate.getName() === name) : classes.at(-1);
  assert.ok(owner, `class ${name ?? ''} found`);
  return owner;
}

const sorted = (names: Iterable<string>) => [...names].sort();

describe('lifecycleOf(): the teardowns that count and what they run', () => {
  const cases: [name: string, code: string, teardowns: string[], runsAtTeardown: string[]][] = [
    [
      'conventional teardowns, in TEARDOWN_METHODS order, and what they call',
      'class Panel {\n  close() {}\n  dispose() {\n    this.cleanup();\n  }\n  cleanup() {}\n  render() {}\n}',
      ['dispose', 'close'],
      ['cleanup', 'close', 'dispose'],
    ],
    [
      "the framework's teardown wins over conventional ones",
      'class Panel extends HTMLElement {\n  dispose() {}\n  disconnectedCallback() {\n    this.cleanup();\n  }\n  cleanup() {}\n}',
      ['disconnectedCallback'],
      ['cleanup', 'disconnectedCallback'],
    ],
    [
      'an arrow-function property is a teardown',
      'class Panel {\n  destroy = () => {\n    this.unbindAll();\n  };\n  unbindAll() {}\n}',
      ['destroy'],
      ['destroy', 'unbindAll'],
    ],
    [
      'calls in nested functions are followed',
      'class Panel {\n  dispose() {\n    setTimeout(() => this.flush());\n  }\n  flush() {}\n}',
      ['dispose'],
      ['dispose', 'flush'],
    ],
    ['remove(item) removes something, not the instance', 'class List {\n  remove(item: unknown) {}\n}', [], []],
    ['remove() without parameters ends it', 'class Layer {\n  remove() {}\n}', ['remove'], ['remove']],
    ['a static teardown is not the instance’s', 'class Panel {\n  static dispose() {}\n}', [], []],
    ['a declared teardown without a body is not one', 'declare class Panel {\n  dispose(): void;\n}', [], []],
    [
      'Symbol.dispose',
      'class Handle {\n  [Symbol.dispose]() {\n    this.release();\n  }\n  release() {}\n}',
      ['[Symbol.dispose]'],
      ['[Symbol.dispose]', 'release'],
    ],
  ];
  for (const [name, code, teardowns, runs] of cases) {
    it(`${name} → [${teardowns.join(', ')}]`, () => {
      const lifecycle = lifecycleOf(classIn(code));
      assert.deepEqual(
        { teardowns: lifecycle.teardowns, runsAtTeardown: sorted([...lifecycle.runsAtTeardown].map(memberName)) },
        { teardowns, runsAtTeardown: runs },
      );
    });
  }
});

describe('runsAtTeardown(): whether a node runs when the instance is torn down', () => {
  const code = [
    'declare function mark(label: string): void;',
    'class Panel {',
    '  constructor() {',
    "    mark('constructor');",
    '  }',
    '  dispose() {',
    "    mark('dispose');",
    '    this.cleanup();',
    '  }',
    '  cleanup() {',
    "    mark('cleanup');",
    '  }',
    '  render() {',
    "    mark('render');",
    '  }',
    '  static reset() {',
    "    mark('static');",
    '  }',
    '  close() {',
    '    return class Inner {',
    '      m() {',
    "        mark('inner class');",
    '      }',
    '    };',
    '  }',
    '}',
  ].join('\n');
  const cases: [label: string, expected: boolean][] = [
    ['dispose', true],
    ['cleanup', true],
    ['constructor', false],
    ['render', false],
    ['static', false],
    ['inner class', false],
  ];
  for (const [label, expected] of cases) {
    it(`mark('${label}') → ${expected}`, () => {
      const owner = classIn(code, 'Panel');
      const mark = owner
        .getDescendantsOfKind(SyntaxKind.CallExpression)
        .find((call) => call.getArguments()[0]?.getText() === `'${label}'`);
      assert.ok(mark);
      assert.equal(runsAtTeardown(lifecycleOf(owner), mark), expected);
    });
  }
});

describe('isSetupMember(): a member named as setting the instance up', () => {
  const cases: [name: string, expected: boolean][] = [
    ['constructor', true],
    ['connectedCallback', true],
    ['componentDidMount', true],
    ['ngOnInit', true],
    ['onAdd', true],
    ['attachEvents', true],
    ['openStream', true],
    ['listen', true],
    ['observeResize', true],
    ['render', false],
    ['dispose', false],
    ['handleClick', false],
    ['update', false],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      assert.equal(isSetupMember(name), expected);
    });
  }
});

interface PlanSummary {
  teardown: string;
  inWords: string;
  rerunsBecause: string | null;
  reviewBecause: string | null;
  missing: {
    after: string | null;
    superCall: string;
    inherited: { from: string; returnsValue: boolean; isProtected: boolean; rerunsBecause: string | undefined } | null;
  } | null;
}

function planIn(code: string, registeringMembers: string[] = []): PlanSummary | undefined {
  const plan = teardownPlan(lifecycleOf(classIn(code, 'Panel')), new Set(registeringMembers));
  if (!plan) return undefined;
  const { missing } = plan;
  return {
    teardown: plan.teardown,
    inWords: teardownInWords(plan),
    rerunsBecause: plan.rerunsBecause ?? null,
    reviewBecause: plan.reviewBecause ?? null,
    missing: missing
      ? {
          after: missing.after ? memberName(missing.after) : null,
          superCall: missing.superCall,
          inherited: missing.inherited ?? null,
        }
      : null,
  };
}

const REATTACH = 'the framework calls it again after every reattach';

describe('teardownPlan(): where the listeners are aborted', () => {
  const cases: [name: string, code: string, registering: string[], expected: PlanSummary | undefined][] = [
    ['a class without any teardown', 'class Panel {\n  constructor() {}\n  render() {}\n}', [], undefined],
    [
      'a custom element without disconnectedCallback',
      'class Panel extends HTMLElement {\n  connectedCallback() {}\n  render() {}\n}',
      ['connectedCallback'],
      {
        teardown: 'disconnectedCallback',
        inWords: 'a new disconnectedCallback()',
        rerunsBecause: REATTACH,
        reviewBecause: null,
        missing: { after: 'connectedCallback', superCall: 'none', inherited: null },
      },
    ],
    [
      'a LitElement, whose base the checker cannot see',
      'class Panel extends LitElement {\n  firstUpdated() {}\n}',
      ['firstUpdated'],
      {
        teardown: 'disconnectedCallback',
        inWords: 'a new disconnectedCallback()',
        rerunsBecause: REATTACH,
        reviewBecause: null,
        missing: { after: null, superCall: 'optional', inherited: null },
      },
    ],
    [
      'a custom element whose base has disconnectedCallback',
      'class Base extends HTMLElement {\n  disconnectedCallback() {}\n}\nclass Panel extends Base {\n  connectedCallback() {}\n}',
      ['connectedCallback'],
      {
        teardown: 'disconnectedCallback',
        inWords: 'a new disconnectedCallback()',
        rerunsBecause: REATTACH,
        reviewBecause: null,
        missing: { after: 'connectedCallback', superCall: 'call', inherited: null },
      },
    ],
    [
      'a React class without componentWillUnmount',
      'class Panel extends React.Component {\n  componentDidMount() {}\n  render() {}\n}',
      ['componentDidMount'],
      {
        teardown: 'componentWillUnmount',
        inWords: 'a new componentWillUnmount()',
        rerunsBecause: REATTACH,
        reviewBecause: null,
        missing: { after: 'componentDidMount', superCall: 'none', inherited: null },
      },
    ],
    [
      'an Angular component without ngOnDestroy',
      '@Component({})\nclass Panel {\n  ngOnInit() {}\n}',
      ['ngOnInit'],
      {
        teardown: 'ngOnDestroy',
        inWords: 'a new ngOnDestroy()',
        rerunsBecause: null,
        reviewBecause: null,
        missing: { after: 'ngOnInit', superCall: 'none', inherited: null },
      },
    ],
    [
      'the innermost of teardowns that call each other',
      'class Panel {\n  dispose() {\n    this.close();\n  }\n  close() {}\n}',
      ['constructor'],
      { teardown: 'close', inWords: 'close()', rerunsBecause: null, reviewBecause: null, missing: null },
    ],
    [
      'the first of independent teardowns',
      'class Panel {\n  close() {}\n  dispose() {}\n}',
      ['constructor'],
      { teardown: 'dispose', inWords: 'dispose()', rerunsBecause: null, reviewBecause: null, missing: null },
    ],
    [
      'the teardown paired with the registering setup',
      'class Panel {\n  open() {}\n  close() {}\n  dispose() {}\n}',
      ['open'],
      {
        teardown: 'close',
        inWords: 'close()',
        rerunsBecause: 'open() can start the instance again after it',
        reviewBecause: null,
        missing: null,
      },
    ],
    [
      'a teardown the class calls itself',
      'class Panel {\n  reset() {\n    this.dispose();\n  }\n  dispose() {}\n}',
      ['constructor'],
      {
        teardown: 'dispose',
        inWords: 'dispose()',
        rerunsBecause: 'the class calls it itself, from reset()',
        reviewBecause: null,
        missing: null,
      },
    ],
    [
      'a teardown that awaits',
      'class Panel {\n  async dispose() {\n    await this.flush();\n  }\n  async flush() {}\n}',
      ['constructor'],
      {
        teardown: 'dispose',
        inWords: 'dispose()',
        rerunsBecause: null,
        reviewBecause:
          'dispose() finishes later, waiting on events or timers that the aborted listeners may be needed for',
        missing: null,
      },
    ],
    [
      'a teardown handed over as a callback',
      "class Panel {\n  constructor(server: { on(type: string, fn: () => void): void }) {\n    server.on('close', this.dispose);\n  }\n  dispose() {}\n}",
      ['constructor'],
      {
        teardown: 'dispose',
        inWords: 'dispose()',
        rerunsBecause: null,
        reviewBecause:
          "dispose() is also handed over as a callback (server.on('close', this.dispose)), so it may run while the instance is still in use",
        missing: null,
      },
    ],
    [
      'a teardown inherited from a base class',
      'class Base {\n  dispose() {}\n}\nclass Panel extends Base {\n  constructor() {\n    super();\n  }\n}',
      ['constructor'],
      {
        teardown: 'dispose',
        inWords: "a new dispose() that calls Base's",
        rerunsBecause: null,
        reviewBecause: null,
        missing: {
          after: null,
          superCall: 'none',
          inherited: { from: 'Base', returnsValue: false, isProtected: false, rerunsBecause: undefined },
        },
      },
    ],
    [
      'a protected teardown two levels up, with a setup beside it',
      'class Base {\n  open() {}\n  protected close(): boolean {\n    return true;\n  }\n}\nclass Middle extends Base {}\nclass Panel extends Middle {}',
      ['constructor'],
      {
        teardown: 'close',
        inWords: "a new close() that calls Base's",
        rerunsBecause: "Base's open() can start the instance again after it",
        reviewBecause: null,
        missing: {
          after: null,
          superCall: 'none',
          inherited: {
            from: 'Base',
            returnsValue: true,
            isProtected: true,
            rerunsBecause: "Base's open() can start the instance again after it",
          },
        },
      },
    ],
  ];
  for (const [name, code, registering, expected] of cases) {
    it(`${name} → ${expected ? expected.inWords : 'none'}`, () => {
      assert.deepEqual(planIn(code, registering), expected);
    });
  }
});

describe('noTeardownBecause(): why a class has no teardown to abort in', () => {
  const cases: [name: string, code: string, expected: string][] = [
    [
      'a class without any',
      'class Panel {\n  render() {}\n}',
      'Panel has no teardown method (dispose, destroy, close, teardown, …) to abort it in',
    ],
    [
      'an anonymous class',
      'export default class {\n  render() {}\n}',
      'this class has no teardown method (dispose, destroy, close, teardown, …) to abort it in',
    ],
    [
      'an abstract inherited teardown',
      'abstract class Base {\n  abstract dispose(): void;\n}\nclass Panel extends Base {}',
      'the teardown it inherits, Base.dispose(), is abstract',
    ],
    [
      'a private inherited teardown',
      'class Base {\n  private destroy() {}\n}\nclass Panel extends Base {}',
      'the teardown it inherits, Base.destroy(), is private',
    ],
    [
      'an inherited teardown with parameters',
      'class Base {\n  close(force: boolean) {}\n}\nclass Panel extends Base {}',
      'the teardown it inherits, Base.close(), takes arguments that an override would have to pass on',
    ],
    [
      'an inherited arrow-function teardown',
      'class Base {\n  dispose = () => {};\n}\nclass Panel extends Base {}',
      'the teardown it inherits, Base.dispose(), is not a method an override could call',
    ],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => {
      assert.equal(noTeardownBecause(classIn(code)), expected);
    });
  }

  it('a refused inherited teardown leaves no plan', () => {
    const code = 'class Base {\n  private destroy() {}\n}\nclass Panel extends Base {}';
    assert.equal(planIn(code), undefined);
  });
});

/** The target of the first addEventListener call in a `Client` class with these members besides its listener. */
function targetOf(members: string, target = 'this.socket'): { owner: OwnerClass; target: Expression } {
  const owner = classIn(
    [
      'class Client {',
      "  socket = new WebSocket('wss://example.com');",
      "  other = new WebSocket('wss://example.com');",
      '  onMessage = () => {};',
      '  constructor() {',
      `    ${target}.addEventListener('message', this.onMessage);`,
      '  }',
      members,
      '}',
    ].join('\n'),
  );
  const [registration] = listenerCallsIn(owner, 'addEventListener');
  assert.ok(registration);
  return { owner, target: registration.target };
}

describe('endedAtTeardown(): the teardown ends the target itself', () => {
  const cases: [name: string, members: string, expected: boolean, target?: string][] = [
    ['closed in dispose()', '  dispose() {\n    this.socket.close();\n  }', true],
    ['closed with an optional call', '  dispose() {\n    this.socket?.close();\n  }', true],
    [
      'closed by a method dispose() calls',
      '  dispose() {\n    this.shutdown();\n  }\n  shutdown() {\n    this.socket.close();\n  }',
      true,
    ],
    [
      'closed through a destructured alias',
      '  dispose() {\n    const { socket } = this;\n    socket.close();\n  }',
      true,
    ],
    ['closed outside the teardown', '  dispose() {}\n  reconnect() {\n    this.socket.close();\n  }', false],
    ['another object closed', '  dispose() {\n    this.other.close();\n  }', false],
    ['a call that does not end it', "  dispose() {\n    this.socket.send('bye');\n  }", false],
    ['a global is never ended by its close()', '  dispose() {\n    window.close();\n  }', false, 'window'],
  ];
  for (const [name, members, expected, target] of cases) {
    it(`${name} → ${expected}`, () => {
      const found = targetOf(members, target);
      assert.equal(endedAtTeardown(lifecycleOf(found.owner), found.target), expected);
    });
  }
});

describe('abortedAtTeardown(): the controller is aborted at teardown', () => {
  const cases: [name: string, members: string, controller: string, expected: boolean][] = [
    ['aborted in dispose()', 'dispose() {\n    this.controller.abort();\n  }', 'this.controller', true],
    ['aborted with an optional call', 'dispose() {\n    this.controller?.abort();\n  }', 'this.controller', true],
    ['a private controller', 'dispose() {\n    this.#controller.abort();\n  }', 'this.#controller', true],
    [
      'aborted by a method the teardown calls',
      'dispose() {\n    this.reset();\n  }\n  reset() {\n    this.controller.abort();\n  }',
      'this.controller',
      true,
    ],
    [
      'aborted only outside the teardown',
      'dispose() {}\n  reset() {\n    this.controller.abort();\n  }',
      'this.controller',
      false,
    ],
    ['another controller aborted', 'dispose() {\n    this.other.abort();\n  }', 'this.controller', false],
  ];
  for (const [name, members, controller, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const owner = classIn(
        `class Panel {\n  controller = new AbortController();\n  other = new AbortController();\n  #controller = new AbortController();\n  ${members}\n}`,
      );
      assert.equal(abortedAtTeardown(lifecycleOf(owner), controller), expected);
    });
  }
});

describe('stateScopedBecause(): a listener added when a state starts and removed when it ends', () => {
  const drag = (addedIn: string, extra = '') =>
    [
      'class Panel {',
      '  onMove = () => {};',
      `  ${addedIn}() {`,
      "    window.addEventListener('pointermove', this.onMove);",
      '  }',
      '  onPointerUp() {',
      "    window.removeEventListener('pointermove', this.onMove);",
      '  }',
      extra,
      '}',
    ].join('\n');
  const cases: [name: string, code: string, withRemovals: boolean, expected: string | undefined][] = [
    [
      'added by an event handler, removed by another',
      drag('onPointerDown'),
      true,
      'is added in onPointerDown() and a listener of the same event is removed in onPointerUp(), when that state ends; it stays only if the owner is torn down before',
    ],
    ['no removal of the same event', drag('onPointerDown'), false, undefined],
    ['added in the constructor', drag('constructor'), true, undefined],
    ['added in a setup that code calls again', drag('open'), true, undefined],
    [
      'added by a method the constructor calls',
      drag('bindMove', '  constructor() {\n    this.bindMove();\n  }'),
      true,
      undefined,
    ],
    [
      'added by a method a click handler calls',
      drag(
        'beginDrag',
        "  constructor() {\n    document.body.addEventListener('pointerdown', () => this.beginDrag());\n  }",
      ),
      true,
      'is added in beginDrag() and a listener of the same event is removed in onPointerUp(), when that state ends; it stays only if the owner is torn down before',
    ],
  ];
  for (const [name, code, withRemovals, expected] of cases) {
    it(`${name} → ${expected === undefined ? 'not state-scoped' : 'state-scoped'}`, () => {
      const owner = classIn(code);
      const registration = listenerCallsIn(owner, 'addEventListener').find(
        (call) => call.type.getText() === "'pointermove'",
      );
      assert.ok(registration);
      const placement = placementOf(registration.call);
      assert.ok(placement);
      const removals = withRemovals ? listenerCallsIn(owner, 'removeEventListener') : [];
      assert.equal(stateScopedBecause(lifecycleOf(owner), placement, removals), expected);
    });
  }
});
