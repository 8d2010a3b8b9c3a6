/**
 * The child-process side of the runtime leak tests. A scenario file under leak-scenarios/ is started as
 * `node --expose-gc <scenario>.js <compiled fixture>.mjs` and prints one line of JSON: a LeakReport.
 */
import { pathToFileURL } from 'node:url';

export interface LeakReport {
  /** What the scenario saw of the object's behaviour, per phase: a listener firing, an accessor's value. */
  fired: Record<string, unknown>;
  /** Whether the disposed object survived garbage collection. */
  retained: boolean;
}

export interface Exercised {
  /** The only reference to the object left once exercise() returns. */
  ref: WeakRef<object>;
  fired: LeakReport['fired'];
}

/**
 * Installs `globals`, imports the fixture, and runs `exercise`, which must create the object, use it and
 * dispose of it without leaving a reference behind: everything after it only holds the WeakRef.
 */
export async function runLeakScenario<Fixture>(
  globals: object,
  exercise: (fixture: Fixture) => Exercised,
): Promise<void> {
  if (!globalThis.gc) throw new Error('start the scenario with node --expose-gc');
  const fixturePath = process.argv[2];
  if (!fixturePath) throw new Error('usage: node --expose-gc <scenario>.js <fixture>.mjs');
  Object.assign(globalThis, globals);
  const fixture = (await import(pathToFileURL(fixturePath).href)) as Fixture;
  const { ref, fired } = exercise(fixture);
  const report: LeakReport = { fired, retained: !(await isCollected(ref)) };
  console.log(JSON.stringify(report));
}

async function isCollected(ref: WeakRef<object>): Promise<boolean> {
  // A WeakRef's target survives until the job that created or dereferenced it ends, so collect between
  // jobs and dereference only at the end.
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc!();
  }
  return ref.deref() === undefined;
}

export const keydown = (key: string): Event => Object.assign(new Event('keydown'), { key });
