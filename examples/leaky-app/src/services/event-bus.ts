/** The app-wide event bus: it lives as long as the page. */
export const bus = new EventTarget();

export function emit(type: string, detail?: unknown): void {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
}
