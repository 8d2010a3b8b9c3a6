import { runLeakScenario } from '../leak-scenario.js';
import { SpecEventTarget } from '../spec-event-target.js';

interface Panel {
  width: number;
  dispose(): void;
}
interface Fixture {
  ResizePanel: new (el: { clientWidth: number; remove(): void }) => Panel;
}

const window = new SpecEventTarget();

await runLeakScenario<Fixture>({ window }, ({ ResizePanel }) => {
  const el = { clientWidth: 0, remove() {} };
  const panel = new ResizePanel(el);
  const resizeUpdatesWidth = (width: number) => {
    el.clientWidth = width;
    window.dispatchEvent(new Event('resize'));
    return panel.width === width;
  };

  const beforeDispose = resizeUpdatesWidth(640);
  panel.dispose();
  const afterDispose = resizeUpdatesWidth(800);
  return { ref: new WeakRef(panel), fired: { beforeDispose, afterDispose } };
});
