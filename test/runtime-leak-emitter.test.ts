import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScenario as run } from './helpers/run-scenario.js';

const runScenario = (fixture: string, version: 'input' | 'output') => run(`emitter-listeners/${fixture}.${version}.ts`);

describe('runtime leaks: a Node EventEmitter keeps a disposed listener owner alive until off() runs', () => {
  describe('module-level-emitter', () => {
    it('input: the price listener still fires after dispose() and keeps the ticker alive', () => {
      assert.deepEqual(runScenario('module-level-emitter', 'input'), {
        fired: { beforeDispose: true, afterDispose: true },
        retained: true,
      });
    });

    it('output: dispose() aborts the controller, off() removes the listener, and the ticker is collected', () => {
      assert.deepEqual(runScenario('module-level-emitter', 'output'), {
        fired: { beforeDispose: true, afterDispose: false },
        retained: false,
      });
    });
  });

  describe('inline-arrow-handler', () => {
    it('input: stop() leaves the inline data listener on the stream, keeping the collector alive', () => {
      assert.deepEqual(runScenario('inline-arrow-handler', 'input'), {
        fired: { whileStarted: true, afterStop: true, afterRestart: true },
        retained: true,
      });
    });

    it('output: the named handler is removed on stop(), works again after start(), and the collector is collected', () => {
      assert.deepEqual(runScenario('inline-arrow-handler', 'output'), {
        fired: { whileStarted: true, afterStop: false, afterRestart: true },
        retained: false,
      });
    });
  });
});
