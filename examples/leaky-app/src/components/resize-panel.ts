export class ResizePanel {
  private readonly el: HTMLElement;
  private columns = 1;

  constructor(container: HTMLElement) {
    this.el = document.createElement('section');
    container.append(this.el);
    window.addEventListener('resize', this.layout);
    this.layout();
  }

  private layout = (): void => {
    this.columns = Math.max(1, Math.floor(window.innerWidth / 320));
    this.el.style.gridTemplateColumns = `repeat(${this.columns}, 1fr)`;
  };

  dispose(): void {
    this.el.remove();
  }
}
