export class ThemeToggle extends HTMLElement {
  connectedCallback(): void {
    this.render();
    window.addEventListener('storage', this.onStorage);
  }

  disconnectedCallback(): void {
    this.replaceChildren();
  }

  private onStorage = (event: StorageEvent): void => {
    if (event.key === 'theme') this.render();
  };

  private render(): void {
    this.textContent = localStorage.getItem('theme') === 'dark' ? '🌙' : '☀️';
  }
}

customElements.define('theme-toggle', ThemeToggle);
