export class SearchBox {
  private readonly input = document.createElement('input');

  constructor(container: HTMLElement) {
    this.input.type = 'search';
    container.append(this.input);
    document.addEventListener('keydown', this.focusOnSlash.bind(this));
  }

  private focusOnSlash(event: KeyboardEvent): void {
    if (event.key === '/' && document.activeElement !== this.input) {
      event.preventDefault();
      this.input.focus();
    }
  }

  dispose(): void {
    document.removeEventListener('keydown', this.focusOnSlash.bind(this));
    this.input.remove();
  }
}
