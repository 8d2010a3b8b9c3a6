/** The document outline in the sidebar: an outline holds its sections, each section points back at it. */
export class Outline {
  readonly sections: Section[] = [];

  constructor(readonly title: string) {}

  addSection(heading: string): Section {
    const section = new Section(this, heading);
    this.sections.push(section);
    return section;
  }

  /** The document is closed: its outline is done. */
  dispose(): void {
    this.sections.length = 0;
  }
}

export class Section {
  constructor(
    public outline: Outline,
    public heading: string,
  ) {}

  breadcrumb(): string {
    return `${this.outline.title} › ${this.heading}`;
  }
}
