import { JSDOM } from 'jsdom';
import { runLeakScenario } from '../leak-scenario.js';

interface ShortcutHelp {
  dispose(): void;
}
interface Fixture {
  ShortcutHelp: new () => ShortcutHelp;
}

// A test suite's own DOM under Node, as many set one up: jsdom's window and document become globals,
// while AbortController stays Node's.
const { window } = new JSDOM('<!doctype html><body></body>');

await runLeakScenario<Fixture>({ window, document: window.document }, ({ ShortcutHelp }) => {
  let help: ShortcutHelp;
  try {
    help = new ShortcutHelp();
  } catch (error) {
    return { ref: new WeakRef({}), fired: { registers: String(error) } };
  }
  const questionMarkOpens = () => {
    window.document.dispatchEvent(new window.KeyboardEvent('keydown', { key: '?' }));
    return (help as unknown as { open: boolean }).open;
  };
  const beforeDispose = questionMarkOpens();
  help.dispose();
  const afterDispose = questionMarkOpens();
  return { ref: new WeakRef(help), fired: { registers: true, beforeDispose, afterDispose } };
});
