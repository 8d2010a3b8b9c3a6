import { EventEmitter } from 'node:events';

/** The dashboard server's feed of new orders: one emitter for the whole process. */
export const orderEvents = new EventEmitter();

export function publishOrder(order: { id: string; total: number }): void {
  orderEvents.emit('order', order);
}
