import { runLeakScenario } from '../leak-scenario.js';

interface Row {
  onClick(): void;
}
interface Fixture {
  Table: new () => { add(id: string): Row; dispose(): void };
  recentRows: Set<Row>;
}

/** The session keeps a row the user opened; the table it belongs to is disposed and dropped. */
await runLeakScenario<Fixture>({}, ({ Table, recentRows }) => {
  const table = new Table();
  const row = table.add('r1');
  recentRows.add(row);
  row.onClick();
  table.dispose();
  return { ref: new WeakRef(table), fired: { rowKept: recentRows.has(row) } };
});
