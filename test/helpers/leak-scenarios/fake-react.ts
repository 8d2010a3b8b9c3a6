/**
 * The few hooks the effect fixtures call, run the way React runs them for one mounted component:
 * effects right after render, their cleanups at unmount. State setters close over the component.
 */
interface MountedComponent {
  name: string;
  cleanups: (() => void)[];
}

let rendering: MountedComponent | undefined;

export function render(name: string, body: () => void): MountedComponent {
  const component: MountedComponent = { name, cleanups: [] };
  rendering = component;
  body();
  rendering = undefined;
  return component;
}

export function unmount(component: MountedComponent): void {
  for (const cleanup of component.cleanups.splice(0)) cleanup();
}

/** Like React's, the state belongs to its component: a setter kept alive keeps the component. */
export function useState<T>(initial: T): [T, (value: T) => void] {
  const state = { component: rendering!, value: initial };
  const setState = (next: T): void => {
    state.value = next;
  };
  return [initial, setState];
}

export function useEffect(effect: () => undefined | (() => void)): void {
  const component = rendering!;
  const cleanup = effect();
  if (cleanup) component.cleanups.push(cleanup);
}

export const useLayoutEffect = useEffect;
