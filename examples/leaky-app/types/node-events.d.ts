// Just enough of Node's `node:events` for the demo to type-check with nothing installed.
declare module 'node:events' {
  export class EventEmitter {
    on(event: string | symbol, listener: (...args: any[]) => void): this;
    off(event: string | symbol, listener: (...args: any[]) => void): this;
    emit(event: string | symbol, ...args: unknown[]): boolean;
  }
}
