import type { Section } from './outline';

/** Recently visited sections, kept for the whole session: each one keeps its entire outline. */
export const recentSections = new Set<Section>();

export function visit(section: Section): void {
  recentSections.add(section);
  section.reveal();
}
