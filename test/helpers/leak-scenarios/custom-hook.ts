import { runLeakScenario } from '../leak-scenario.js';
import { SpecEventTarget } from '../spec-event-target.js';
import { render, unmount } from './fake-react.js';

interface Fixture {
  useOnline(): boolean;
}

const window = new SpecEventTarget();
const navigator = { onLine: true };

await runLeakScenario<Fixture>({ window, navigator }, ({ useOnline }) => {
  let online: boolean | undefined;
  const component = render('OnlineIndicator', () => {
    online = useOnline();
  });
  window.dispatchEvent(new Event('offline'));
  unmount(component);
  return { ref: new WeakRef(component), fired: { rendered: online } };
});
