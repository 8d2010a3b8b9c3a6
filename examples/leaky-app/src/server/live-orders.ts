import { orderEvents } from './order-events';

/** One browser's server-sent-events stream of new orders, closed when the browser goes away. */
export class LiveOrdersStream {
  private sent = 0;

  constructor(private readonly write: (chunk: string) => void) {
    orderEvents.on('order', this.forward);
  }

  private forward = (order: { id: string }): void => {
    this.sent++;
    this.write(`id: ${this.sent}\ndata: ${JSON.stringify(order)}\n\n`);
  };

  close(): void {
    this.write('event: end\n\n');
  }
}
