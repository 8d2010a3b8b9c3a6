/** Tabs of the dashboard: the strip creates, holds and removes its tabs, and each tab points back at its strip. */
export class TabStrip {
  private readonly el = document.createElement('div');
  readonly tabs: Tab[] = [];

  constructor(container: HTMLElement, labels: string[]) {
    for (const label of labels) this.tabs.push(new Tab(this, label));
    container.append(this.el);
  }

  select(tab: Tab): void {
    this.el.dataset.selected = tab.label;
  }

  dispose(): void {
    this.tabs.length = 0;
    this.el.remove();
  }
}

export class Tab {
  constructor(
    readonly strip: TabStrip,
    readonly label: string,
  ) {}

  activate(): void {
    this.strip.select(this);
  }
}
