/**
 * An EventTarget that follows the DOM spec closely enough for leak tests. Node's own EventTarget does not:
 * a listener removed by its `signal` stops firing, but Node keeps its callback reachable.
 */
type Callback = ((event: Event) => void) | { handleEvent(event: Event): void };

interface ListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: AbortSignal;
}

interface Listener {
  type: string;
  callback: Callback;
  capture: boolean;
  once: boolean;
  removed: boolean;
  stopWatchingSignal?: () => void;
}

export class SpecEventTarget {
  #listeners: Listener[] = [];

  addEventListener(type: string, callback: Callback | null, options: boolean | ListenerOptions = {}): void {
    const { capture = false, once = false, signal } = typeof options === 'boolean' ? { capture: options } : options;
    if (!callback || signal?.aborted || this.#find(type, callback, capture)) return;
    const listener: Listener = { type, callback, capture, once, removed: false };
    this.#listeners.push(listener);
    if (signal) {
      const onAbort = () => this.#remove(listener);
      signal.addEventListener('abort', onAbort, { once: true });
      // Otherwise a signal that outlives the listener would keep its callback alive.
      listener.stopWatchingSignal = () => signal.removeEventListener('abort', onAbort);
    }
  }

  removeEventListener(type: string, callback: Callback | null, options: boolean | ListenerOptions = {}): void {
    const capture = typeof options === 'boolean' ? options : Boolean(options.capture);
    const listener = callback && this.#find(type, callback, capture);
    if (listener) this.#remove(listener);
  }

  dispatchEvent(event: Event): boolean {
    // A snapshot, as the spec says: listeners added during dispatch wait for the next event.
    for (const listener of this.#listeners.filter((l) => l.type === event.type)) {
      if (listener.removed) continue;
      if (listener.once) this.#remove(listener);
      const { callback } = listener;
      if (typeof callback === 'function') callback.call(this, event);
      else callback.handleEvent(event);
    }
    return !event.defaultPrevented;
  }

  #find(type: string, callback: Callback, capture: boolean): Listener | undefined {
    return this.#listeners.find((l) => l.type === type && l.callback === callback && l.capture === capture);
  }

  #remove(listener: Listener): void {
    listener.removed = true;
    listener.stopWatchingSignal?.();
    this.#listeners = this.#listeners.filter((l) => l !== listener);
  }
}
