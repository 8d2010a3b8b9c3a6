import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario as run } from './helpers/run-scenario.js';

const runScenario = (fixture: string, version: 'input' | 'output') => run(`class-listeners/${fixture}.${version}.ts`);

describe('runtime leaks: the input keeps the disposed object alive, the output lets it go', () => {
  describe('window-resize', () => {
    it('input: the resize listener still fires after dispose() and keeps the panel alive', () => {
      assert.deepEqual(runScenario('window-resize', 'input'), {
        fired: { beforeDispose: true, afterDispose: true },
        retained: true,
      });
    });

    it('output: dispose() aborts the listener and the panel is collected', () => {
      assert.deepEqual(runScenario('window-resize', 'output'), {
        fired: { beforeDispose: true, afterDispose: false },
        retained: false,
      });
    });
  });

  describe('bind-removal', () => {
    it('input: removing a second .bind() removes nothing, so the search box stays alive', () => {
      assert.deepEqual(runScenario('bind-removal', 'input'), {
        fired: { beforeDispose: true, afterDispose: true },
        retained: true,
      });
    });

    it('output: dispose() aborts the bound listener and the search box is collected', () => {
      assert.deepEqual(runScenario('bind-removal', 'output'), {
        fired: { beforeDispose: true, afterDispose: false },
        retained: false,
      });
    });
  });

  describe('several-registrations', () => {
    const all = ['keydown', 'beforeunload', 'selectionchange'];

    it('input: three listeners on window and document keep the editor alive', () => {
      assert.deepEqual(runScenario('several-registrations', 'input'), {
        fired: { beforeDispose: all, afterDispose: all },
        retained: true,
      });
    });

    it('output: one abort() removes all three, the capture one included, and the editor is collected', () => {
      assert.deepEqual(runScenario('several-registrations', 'output'), {
        fired: { beforeDispose: all, afterDispose: [] },
        retained: false,
      });
    });
  });

  describe('module-level-target', () => {
    it('input: the module-level bus keeps the badge alive', () => {
      assert.deepEqual(runScenario('module-level-target', 'input'), {
        fired: { beforeDispose: true, afterDispose: true },
        retained: true,
      });
    });

    it('output: dispose() aborts the bus listener and the badge is collected', () => {
      assert.deepEqual(runScenario('module-level-target', 'output'), {
        fired: { beforeDispose: true, afterDispose: false },
        retained: false,
      });
    });
  });

  describe('open-close', () => {
    it('input: closing leaves the keydown listener on document, keeping the dialog alive', () => {
      assert.deepEqual(runScenario('open-close', 'input'), {
        fired: { whileOpen: true, afterReopen: true },
        retained: true,
      });
    });

    it('output: Escape works again after close and reopen, and a closed dialog is collected', () => {
      assert.deepEqual(runScenario('open-close', 'output'), {
        fired: { whileOpen: true, afterReopen: true },
        retained: false,
      });
    });
  });

  describe('connected-callback', () => {
    it('input: the storage listener outlives disconnect and keeps the element alive', () => {
      assert.deepEqual(runScenario('connected-callback', 'input'), {
        fired: { whileConnected: true, whileDisconnected: true, afterReconnect: true },
        retained: true,
      });
    });

    it('output: silent while disconnected, works again after reconnect, collected after the last disconnect', () => {
      assert.deepEqual(runScenario('connected-callback', 'output'), {
        fired: { whileConnected: true, whileDisconnected: false, afterReconnect: true },
        retained: false,
      });
    });
  });

  describe('capture-mismatch', () => {
    it('input: removing without the capture flag removes nothing, so the guard stays alive', () => {
      assert.deepEqual(runScenario('capture-mismatch', 'input'), {
        fired: { beforeDispose: true, afterDispose: true },
        retained: true,
      });
    });

    it('output: dispose() aborts the capture listener and the guard is collected', () => {
      assert.deepEqual(runScenario('capture-mismatch', 'output'), {
        fired: { beforeDispose: true, afterDispose: false },
        retained: false,
      });
    });
  });
});

describe('runtime leaks: a child kept from outside keeps its owner only through a strong back-pointer', () => {
  const tree = (version: 'input' | 'output') => `back-pointer/self-parent/${version}/src/node.ts`;

  it('input: one selected child keeps the whole tree alive', () => {
    assert.deepEqual(run(tree('input'), { scenario: 'self-parent' }), {
      fired: { parentWhileRootLives: true },
      retained: true,
    });
  });

  it('output: the accessor returns the parent while it lives, and the tree is collected once dropped', () => {
    assert.deepEqual(run(tree('output'), { scenario: 'self-parent' }), {
      fired: { parentWhileRootLives: true },
      retained: false,
    });
  });
});

describe('runtime leaks: why the back-pointer fix is refused when a closure keeps the owner', () => {
  const variant = (name: string) => `back-pointer/closure-keeps-owner/${name}`;
  const opened = { scenario: 'closure-keeps-owner' };

  it('input: a row the session keeps keeps its disposed table', () => {
    assert.deepEqual(run(variant('input/src/table.ts'), opened), { fired: { rowKept: true }, retained: true });
  });

  it('the WeakRef fix anyway: the click handler still closes over the table parameter, so the table stays', () => {
    assert.deepEqual(run(variant('weakref-anyway/table.ts'), opened), { fired: { rowKept: true }, retained: true });
  });

  it('with a handler that reads the table through this, the same WeakRef lets it go', () => {
    assert.deepEqual(run(variant('weakref-through-this/table.ts'), opened), {
      fired: { rowKept: true },
      retained: false,
    });
  });
});

describe('runtime leaks: a React effect without cleanup keeps its unmounted component', () => {
  const hook = (version: 'input' | 'output') => `effect-listeners/custom-hook.${version}.ts`;
  const importsFrom = { react: 'fake-react.js' };

  it('input: the window listener keeps the component after unmount', () => {
    assert.deepEqual(run(hook('input'), { importsFrom }), { fired: { rendered: true }, retained: true });
  });

  it('output: the effect cleanup aborts it and the component is collected', () => {
    assert.deepEqual(run(hook('output'), { importsFrom }), { fired: { rendered: true }, retained: false });
  });
});
