import { runLeakScenario } from '../leak-scenario.js';
import { SpecEventTarget } from '../spec-event-target.js';

class HTMLElement extends SpecEventTarget {
  textContent = '';
  replaceChildren() {
    this.textContent = '';
  }
}
interface ThemeToggle extends HTMLElement {
  connectedCallback(): void;
  disconnectedCallback(): void;
}
interface Fixture {
  ThemeToggle: new () => ThemeToggle;
}

const window = new SpecEventTarget();
const storage = new Map<string, string>();
const localStorage = { getItem: (key: string) => storage.get(key) ?? null };

await runLeakScenario<Fixture>({ window, localStorage, HTMLElement }, ({ ThemeToggle }) => {
  const toggle = new ThemeToggle();
  /** Another tab switches the theme; the element re-renders only if its listener is registered. */
  const storageRerenders = (theme: string) => {
    storage.set('theme', theme);
    window.dispatchEvent(new Event('storage'));
    return toggle.textContent === theme;
  };

  toggle.connectedCallback();
  const whileConnected = storageRerenders('dark');
  toggle.disconnectedCallback();
  const whileDisconnected = storageRerenders('light');
  toggle.connectedCallback();
  const afterReconnect = storageRerenders('dark');
  toggle.disconnectedCallback();
  return { ref: new WeakRef(toggle), fired: { whileConnected, whileDisconnected, afterReconnect } };
});
