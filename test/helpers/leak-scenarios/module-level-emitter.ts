import { runLeakScenario } from '../leak-scenario.js';

interface Fixture {
  publish(price: number): void;
  PriceTicker: new () => { last: number; dispose(): void };
}

// The fixture's emitter is a real node:events EventEmitter, whose off() removes a listener for good.
await runLeakScenario<Fixture>({}, ({ publish, PriceTicker }) => {
  const ticker = new PriceTicker();
  const priceReaches = (price: number) => {
    publish(price);
    return ticker.last === price;
  };

  const beforeDispose = priceReaches(42);
  ticker.dispose();
  const afterDispose = priceReaches(43);
  return { ref: new WeakRef(ticker), fired: { beforeDispose, afterDispose } };
});
