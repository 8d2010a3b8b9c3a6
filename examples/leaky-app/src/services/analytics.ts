export class Analytics {
  private clicks = 0;

  start(): void {
    document.addEventListener('click', this.countClick);
  }

  private countClick = (): void => {
    this.clicks++;
  };

  get total(): number {
    return this.clicks;
  }
}
