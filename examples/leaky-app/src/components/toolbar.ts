export class Toolbar {
  private readonly el = document.createElement('nav');
  private pressed = 0;

  constructor(container: HTMLElement) {
    this.el.addEventListener('click', this.onClick);
    container.append(this.el);
  }

  private onClick = (): void => {
    this.pressed++;
  };

  dispose(): void {
    this.el.remove();
  }
}
