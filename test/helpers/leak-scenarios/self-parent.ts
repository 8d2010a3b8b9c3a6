import { runLeakScenario } from '../leak-scenario.js';

interface OutlineNode {
  readonly parent: OutlineNode | null;
  append(child: OutlineNode): OutlineNode;
}
interface Fixture {
  OutlineNode: new (title: string) => OutlineNode;
}

/** Stands for a selection or a cache: something long-lived that keeps one child. */
const selection = new Set<OutlineNode>();

await runLeakScenario<Fixture>({}, ({ OutlineNode }) => {
  const root = new OutlineNode('root');
  const child = root.append(new OutlineNode('chapter'));
  selection.add(child);
  return { ref: new WeakRef(root), fired: { parentWhileRootLives: child.parent === root } };
});

if (selection.size !== 1) throw new Error('the selection must keep its child until the end');
