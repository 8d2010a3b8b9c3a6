import type { Rule } from '../rule.js';

/** `unleak rules`: each rule's id and description, then how far its fix is trusted, whether it runs by default, and its docs. */
export function formatRules(rules: readonly Rule[]): string {
  const width = Math.max(...rules.map((rule) => rule.meta.id.length)) + 2;
  return `${rules
    .map(({ meta }) => {
      const runs = meta.defaultOn ? 'on by default' : `off by default: --rule ${meta.id}`;
      const details = `fix: ${meta.fix} · ${runs} · docs: ${meta.docs}`;
      return `${meta.id.padEnd(width)}${meta.description}\n${' '.repeat(width)}${details}`;
    })
    .join('\n')}\n`;
}
