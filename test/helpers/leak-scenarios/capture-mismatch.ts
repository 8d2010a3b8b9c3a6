import { runLeakScenario } from '../leak-scenario.js';
import { SpecEventTarget } from '../spec-event-target.js';

interface Fixture {
  DragGuard: new () => { dispose(): void };
}

const window = new SpecEventTarget();

await runLeakScenario<Fixture>({ window }, ({ DragGuard }) => {
  const guard = new DragGuard();
  const dragoverIsCancelled = () => !window.dispatchEvent(new Event('dragover', { cancelable: true }));

  const beforeDispose = dragoverIsCancelled();
  guard.dispose();
  const afterDispose = dragoverIsCancelled();
  return { ref: new WeakRef(guard), fired: { beforeDispose, afterDispose } };
});
