import type { EventEmitter } from 'node:events';
import { runLeakScenario } from '../leak-scenario.js';

interface LineCollector {
  lines: string[];
  start(): void;
  stop(): void;
}
interface Fixture {
  stream: EventEmitter;
  LineCollector: new () => LineCollector;
}

await runLeakScenario<Fixture>({}, ({ stream, LineCollector }) => {
  const collector = new LineCollector();
  const lineCollected = () => {
    const before = collector.lines.length;
    stream.emit('data', 'line');
    return collector.lines.length > before;
  };

  collector.start();
  const whileStarted = lineCollected();
  collector.stop();
  const afterStop = lineCollected();
  collector.start();
  const afterRestart = lineCollected();
  collector.stop();
  return { ref: new WeakRef(collector), fired: { whileStarted, afterStop, afterRestart } };
});
