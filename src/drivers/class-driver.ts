import type { Expression, Node } from 'ts-morph';
import { controllerFor, type Controller } from '../fixes/controller.js';
import {
  byOwnerClass,
  lifecycleOf,
  teardownPlan,
  type Lifecycle,
  type Placement,
  type TeardownPlan,
} from '../analysis/owners.js';
import type { CodeStyle } from '../analysis/style.js';
import type { Detection } from '../finding.js';
import type { Realm } from '../settings.js';

/** What the findings of one class share: its lifecycle, the plan of its teardown, and its one controller. */
export interface ClassFixBase {
  lifecycle: Lifecycle;
  plan: TeardownPlan | undefined;
  controller: Controller | { refusal: string } | undefined;
}

/**
 * The shape every class-based listener rule has. Registrations are grouped by class; the class's own
 * question (`diagnose`) picks those it reports; one teardown plan covers the methods that register
 * them, one controller serves them all, and each becomes a finding.
 */
export interface ClassRule<Call extends { call: Node }, Leak extends { placement: Placement }> {
  diagnose(lifecycle: Lifecycle, registrations: { call: Call; placement: Placement }[]): Leak[];
  /** Targets the controller serves besides the class's long-lived DOM ones; undefined when no leak needs one. */
  controllerTargets(leaks: Leak[]): Expression[] | undefined;
  toFinding(leak: Leak, base: ClassFixBase): Detection | undefined;
}

export function classFindings<Call extends { call: Node }, Leak extends { placement: Placement }>(
  calls: readonly Call[],
  rule: ClassRule<Call, Leak>,
  styleOfFile: () => CodeStyle,
  realm: Realm,
): Detection[] {
  return [...byOwnerClass(calls).entries()].flatMap(([owner, registrations]) => {
    const lifecycle = lifecycleOf(owner);
    const leaks = rule.diagnose(lifecycle, registrations);
    if (leaks.length === 0) return [];
    const plan = teardownPlan(lifecycle, new Set(leaks.map((leak) => leak.placement.memberName)));
    const targets = plan && rule.controllerTargets(leaks);
    const controller = plan && targets && controllerFor(lifecycle, plan, styleOfFile(), realm, targets);
    return leaks.flatMap((leak) => rule.toFinding(leak, { lifecycle, plan, controller }) ?? []);
  });
}
