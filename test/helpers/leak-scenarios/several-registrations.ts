import { runLeakScenario } from '../leak-scenario.js';
import { SpecEventTarget } from '../spec-event-target.js';

interface Textarea {
  selectionStart: number;
  dataset: Record<string, string>;
}
interface Editor {
  dirty: boolean;
  dispose(): void;
}
interface Fixture {
  Editor: new (textarea: Textarea) => Editor;
}

const window = new SpecEventTarget();
const document = new SpecEventTarget();

await runLeakScenario<Fixture>({ window, document }, ({ Editor }) => {
  const textarea: Textarea = { selectionStart: 0, dataset: {} };
  const editor = new Editor(textarea);
  /** Which of the three listeners reacted: keydown marks the editor dirty, so beforeunload is then cancelled. */
  const listenersThatFire = () => {
    const fired: string[] = [];
    window.dispatchEvent(new Event('keydown'));
    if (editor.dirty) fired.push('keydown');
    if (!window.dispatchEvent(new Event('beforeunload', { cancelable: true }))) fired.push('beforeunload');
    textarea.selectionStart++;
    document.dispatchEvent(new Event('selectionchange'));
    if (textarea.dataset.selection === String(textarea.selectionStart)) fired.push('selectionchange');
    return fired;
  };

  const beforeDispose = listenersThatFire();
  editor.dispose();
  const afterDispose = listenersThatFire();
  return { ref: new WeakRef(editor), fired: { beforeDispose, afterDispose } };
});
