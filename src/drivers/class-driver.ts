import type { CallExpression, Expression, Node } from 'ts-morph';
import { findingAbout, type FindingDraft } from '../analysis/report.js';
import { isProgramLived } from '../analysis/program-lived.js';
import type { Retention } from '../analysis/retention.js';
import { controllerFor, type Controller } from '../fixes/controller.js';
import { usableController } from '../fixes/controller-refusal.js';
import {
  byOwnerClass,
  lifecycleOf,
  teardownPlan,
  type Lifecycle,
  type Placement,
  type TeardownPlan,
} from '../analysis/owners.js';
import type { CodeStyle } from '../analysis/style.js';
import type { Detection, TextEdit } from '../finding.js';
import type { Realm } from '../settings.js';

/** What the findings of one class share: its lifecycle, the plan of its teardown, and its one controller. */
export interface ClassFixBase {
  lifecycle: Lifecycle;
  plan: TeardownPlan | undefined;
  controller: Controller | { refusal: string } | undefined;
}

/**
 * The shape every class-based listener rule has. Registrations are grouped by class; the class's own
 * question (`diagnose`) picks those it reports, unless the class lives as long as the program; one
 * teardown plan covers the methods that register them, one controller serves them all, and each
 * becomes a finding.
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
    // An owner that lives as long as the program is never done: nothing it registers outlives it.
    if (leaks.length === 0 || isProgramLived(owner)) return [];
    const plan = teardownPlan(lifecycle, new Set(leaks.map((leak) => leak.placement.memberName)));
    const targets = plan && rule.controllerTargets(leaks);
    const controller = plan && targets && controllerFor(lifecycle, plan, styleOfFile(), realm, targets);
    return leaks.flatMap((leak) => rule.toFinding(leak, { lifecycle, plan, controller }) ?? []);
  });
}

/** What a class rule knows of one registration it reports. */
export interface ClassLeak {
  registration: { call: CallExpression };
  placement: Placement;
  messageId: string;
  data: Record<string, string>;
  retention: Retention;
  /** Set when the leak is known but cannot be fixed. */
  refusal?: string;
}

/**
 * What every class fix starts from: the finding's draft, the class's controller under its teardown
 * plan, and the renewal the registering method needs when the teardown can run again; or the finding,
 * report-only, with why no fix.
 */
export function classFixStart(
  leak: ClassLeak,
  rule: string,
  { lifecycle, plan, controller }: ClassFixBase,
): { draft: FindingDraft; controller: Controller; plan: TeardownPlan; renewal: TextEdit[] } | Detection {
  const draft = findingAbout(leak.registration.call, rule, leak.messageId, leak.data, leak.retention);
  if (leak.refusal) return draft.reportOnly(leak.refusal);
  const usable = usableController(leak.placement, lifecycle, plan, controller);
  if ('refusal' in usable) return draft.reportOnly(usable.refusal);
  const renewal = usable.plan.rerunsBecause ? usable.controller.renewalIn(leak.placement.member) : undefined;
  if (renewal === null)
    return draft.reportOnly(`${leak.placement.memberName}() has no block body to renew the controller in`);
  return { draft, controller: usable.controller, plan: usable.plan, renewal: renewal ? [renewal] : [] };
}
