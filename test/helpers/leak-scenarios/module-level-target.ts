import { runLeakScenario } from '../leak-scenario.js';
import { SpecEventTarget } from '../spec-event-target.js';

interface Fixture {
  publish(name: string): void;
  CartBadge: new () => { count: number; dispose(): void };
}

// The fixture builds its module-level bus with `new EventTarget()`.
await runLeakScenario<Fixture>({ EventTarget: SpecEventTarget }, ({ publish, CartBadge }) => {
  const badge = new CartBadge();
  const cartAddCounts = () => {
    const before = badge.count;
    publish('cart:add');
    return badge.count > before;
  };

  const beforeDispose = cartAddCounts();
  badge.dispose();
  const afterDispose = cartAddCounts();
  return { ref: new WeakRef(badge), fired: { beforeDispose, afterDispose } };
});
