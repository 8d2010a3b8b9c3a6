import { bus } from '../services/event-bus';

export class CartBadge {
  private count = 0;

  constructor(private readonly badge: HTMLElement) {
    bus.addEventListener('cart:add', this.increment);
  }

  private increment = (): void => {
    this.count++;
    this.badge.textContent = String(this.count);
  };

  dispose(): void {
    this.badge.textContent = '';
  }
}
