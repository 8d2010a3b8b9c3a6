/** The document outline in the sidebar: an outline holds its sections, each section points back at it. */
export class Outline {
  readonly sections: Section[] = [];

  constructor(readonly title: string) {}

  addSection(heading: string): Section {
    const section = new Section(this, heading);
    this.sections.push(section);
    return section;
  }

  /** Brings a section's heading into view. */
  scrollTo(heading: string): void {
    document.getElementById(heading)?.scrollIntoView();
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

  reveal(): void {
    this.outline.scrollTo(this.heading);
  }
}
