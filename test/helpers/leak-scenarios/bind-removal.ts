import { keydown, runLeakScenario } from '../leak-scenario.js';
import { SpecEventTarget } from '../spec-event-target.js';

interface Fixture {
  SearchBox: new (input: { focus(): void; blur(): void }) => { dispose(): void };
}

const document = new SpecEventTarget();

await runLeakScenario<Fixture>({ document }, ({ SearchBox }) => {
  let focusCalls = 0;
  const box = new SearchBox({ focus: () => focusCalls++, blur() {} });
  const slashFocuses = () => {
    const before = focusCalls;
    document.dispatchEvent(keydown('/'));
    return focusCalls > before;
  };

  const beforeDispose = slashFocuses();
  box.dispose();
  const afterDispose = slashFocuses();
  return { ref: new WeakRef(box), fired: { beforeDispose, afterDispose } };
});
