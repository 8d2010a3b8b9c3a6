import { Node, SyntaxKind } from 'ts-morph';
import type { RetentionStep, Severity } from '../finding.js';
import { locationOf } from './location.js';

/** What a finding says about memory: whether its root is known to outlive the owner, and the path from it. */
export interface Retention {
  severity: Severity;
  path: RetentionStep[];
}

/** A step of a retention path, located at the code that makes it. */
export const stepAt = (kind: RetentionStep['kind'], text: string, node: Node): RetentionStep => ({
  kind,
  text,
  file: node.getSourceFile().getFilePath(),
  line: locationOf(node).line,
});

/** `path` (root first, up to the target) → `edge` → `owner`: a whole retention path. */
export const retentionThrough = (
  severity: Severity,
  path: readonly RetentionStep[],
  edge: RetentionStep,
  owner: RetentionStep,
): Retention => ({
  severity,
  path: [...path, edge, owner],
});

/** The same path, as a risk: unleak cannot tell whether the owner is kept after its teardown. */
export const asRisk = (retention: Retention): Retention => ({ ...retention, severity: 'risk' });

/** The last step: the class whose instances are kept, with everything they hold. */
export const classOwnerStep = (owner: Node & { getName(): string | undefined }): RetentionStep =>
  stepAt('owner', `${owner.getName() ?? 'the anonymous class'} (and everything it holds)`, owner);

/** The listener edge: `'resize' listener` at the registration. */
export const listenerStep = (label: string, registration: Node): RetentionStep =>
  stepAt('edge', `${label} listener`, registration);

/** The last step for a component: its name, or what it is when it has none. */
export function componentOwnerStep(component: Node | undefined, at: Node): RetentionStep {
  const declared =
    component && (Node.isFunctionDeclaration(component) || Node.isFunctionExpression(component))
      ? component.getName()
      : undefined;
  const variable = component?.getParentIfKind(SyntaxKind.VariableDeclaration)?.getName();
  const name = declared ?? variable;
  return stepAt(
    'owner',
    `${name ? `${name} component` : 'the component'} (its state and DOM, after unmount)`,
    component ?? at,
  );
}
