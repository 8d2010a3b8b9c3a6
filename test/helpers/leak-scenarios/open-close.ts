import { keydown, runLeakScenario } from '../leak-scenario.js';
import { SpecEventTarget } from '../spec-event-target.js';

interface Dialog {
  isOpen: boolean;
  open(): void;
  close(): void;
}
interface Fixture {
  Dialog: new () => Dialog;
}

const document = new SpecEventTarget();

await runLeakScenario<Fixture>({ document }, ({ Dialog }) => {
  const dialog = new Dialog();
  const escapeCloses = () => {
    document.dispatchEvent(keydown('Escape'));
    return !dialog.isOpen;
  };

  dialog.open();
  const whileOpen = escapeCloses();
  dialog.open();
  dialog.close();
  dialog.open();
  const afterReopen = escapeCloses();
  dialog.close();
  return { ref: new WeakRef(dialog), fired: { whileOpen, afterReopen } };
});
