import { Node, Scope, SyntaxKind, type SourceFile } from 'ts-morph';
import type { Detection } from '../finding.js';
import type { Rule, RuleContext, RuleMeta } from '../rule.js';
import type { Controller } from '../fixes/controller.js';
import { classFindings, type ClassRule } from '../drivers/class-driver.js';
import { usableController } from '../fixes/controller-refusal.js';
import { deleteStatementEdit } from '../fixes/insertions.js';
import { findingAbout } from '../analysis/report.js';
import { classOwnerStep, retentionThrough, stepAt } from '../analysis/retention.js';
import { signalOptionEdit } from '../fixes/signal-option.js';
import { styleOf } from '../analysis/style.js';
import {
  placementOf,
  reachableFrom,
  runsAtTeardown,
  type Lifecycle,
  type Placement,
  type TeardownPlan,
} from '../analysis/owners.js';
import {
  booleanOption,
  eventTypeLabel,
  handlerKind,
  listenerCallsIn,
  removes,
  signalOption,
  takesOptions,
  type ListenerCall,
} from '../analysis/listeners.js';

const RULE = 'listener-pair-to-signal';

export const meta: RuleMeta = {
  id: RULE,
  description: 'A listener that the teardown removes by hand can be registered with an AbortController signal instead.',
  docs: 'docs/rules/listener-pair-to-signal.md',
  messages: { removedByHand: '{{event}} listener on {{target}} is removed by hand in {{removers}}' },
  fix: 'review',
  defaultOn: false,
  settings: ['realm'],
};

/** A registration and the removals that undo it at teardown: a correct pair, to be written with a signal. */
interface Pair {
  registration: ListenerCall;
  placement: Placement;
  removals: ListenerCall[];
  /** Every registration of the class, which a removal could also match. */
  addCalls: ListenerCall[];
}

const mayDetect = (text: string): boolean => text.includes('removeEventListener');

function detect(sourceFile: SourceFile, context: RuleContext): Detection[] {
  const calls = listenerCallsIn(sourceFile, 'addEventListener');
  return classFindings(calls, pairsInClass, () => styleOf(sourceFile, context.facts), context.settings.realm);
}

/** A modernisation, not a leak: the pair becomes one registration with the signal the teardown aborts. */
export const rule: Rule = { meta, drivers: [{ id: RULE, mayDetect, detect }] };

const pairsInClass: ClassRule<ListenerCall, Pair> = {
  diagnose(lifecycle, registrations) {
    const removalsAtTeardown = listenerCallsIn(lifecycle.owner, 'removeEventListener').filter(
      (removal) => placementOf(removal.call)?.thisIsInstance && runsAtTeardown(lifecycle, removal.call),
    );
    const addCalls = registrations.map(({ call }) => call);
    return registrations
      .map(({ call, placement }) => pairOf(call, placement, lifecycle, removalsAtTeardown, addCalls))
      .filter((pair): pair is Pair => pair !== undefined);
  },
  controllerTargets: (pairs) => pairs.map((pair) => pair.registration.target),
  // A modernisation, not a leak: a pair the controller cannot take over is left as it is, unreported.
  toFinding(pair, { lifecycle, plan, controller }) {
    const usable = usableController(pair.placement, lifecycle, plan, controller);
    return 'refusal' in usable ? undefined : toFinding(pair, lifecycle, usable.plan, usable.controller);
  },
};

/**
 * The registration's pair, when it has one that a signal can replace: a plain reference handler,
 * registered outside the teardown without a signal or `once`, removed at teardown with the same capture flag.
 */
function pairOf(
  registration: ListenerCall,
  placement: Placement,
  lifecycle: Lifecycle,
  removalsAtTeardown: ListenerCall[],
  addCalls: ListenerCall[],
): Pair | undefined {
  if (!placement.thisIsInstance || lifecycle.runsAtTeardown.has(placement.member)) return undefined;
  if (signalOption(registration.options) || booleanOption(registration.options, 'once') === true) return undefined;
  if (handlerKind(registration.handler) !== 'reference') return undefined;
  const removals = removalsAtTeardown.filter((removal) => removes(removal, registration, 'no-match'));
  return removals.length > 0 && takesOptions(registration)
    ? { registration, placement, removals, addCalls }
    : undefined;
}

function toFinding(
  pair: Pair,
  lifecycle: Lifecycle,
  plan: TeardownPlan,
  controller: Controller,
): Detection | undefined {
  const renewal = plan.rerunsBecause ? controller.renewalIn(pair.placement.member) : undefined;
  const options = signalOptionEdit(pair.registration, controller.signal, controller.style);
  if (renewal === null || 'refusal' in options) return undefined;

  const whyStays = new Map(
    pair.removals.map((removal) => [removal, whyRemovalStays(removal, lifecycle, plan.teardown, pair.addCalls)]),
  );
  const dropped = pair.removals.filter((removal) => !whyStays.get(removal));
  const stays = [...whyStays]
    .flatMap(([removal, why]) => (why ? [`; the removal in ${memberOf(removal)} stays: ${why}`] : []))
    .join('');
  const drops =
    dropped.length === 0 ? '' : stays ? `, and drop the removal in ${membersOf(dropped)}` : ', and drop the removal';
  // A modernisation: the path is the one the removal by hand cuts today, and that the signal will cut.
  const retention = retentionThrough(
    'leak',
    [stepAt('root', pair.registration.target.getText(), pair.registration.target)],
    stepAt(
      'edge',
      `${eventTypeLabel(pair.registration.type)} listener, removed by hand in ${membersOf(pair.removals)}`,
      pair.registration.call,
    ),
    classOwnerStep(lifecycle.owner),
  );
  const { fixed } = findingAbout(
    pair.registration.call,
    RULE,
    'removedByHand',
    {
      event: eventTypeLabel(pair.registration.type),
      target: pair.registration.target.getText(),
      removers: membersOf(pair.removals),
    },
    retention,
  );
  const fix = `register it with an AbortController signal that ${plan.teardown}() aborts${drops}${stays}`;
  return fixed('review', fix, [
    options.edit,
    ...controller.edits,
    ...(renewal ? [renewal] : []),
    ...dropped.map((removal) => deleteStatementEdit(removal.call)),
  ]);
}

const memberOf = (removal: ListenerCall): string => `${placementOf(removal.call)!.memberName}()`;
const membersOf = (removals: ListenerCall[]): string => [...new Set(removals.map(memberOf))].join(' and ');

/** Why a removal must stay after the signal is added; undefined when the abort makes it redundant. */
function whyRemovalStays(
  removal: ListenerCall,
  lifecycle: Lifecycle,
  teardown: string,
  addCalls: ListenerCall[],
): string | undefined {
  if (addCalls.filter((registration) => removes(removal, registration)).length > 1)
    return 'it also removes another registration';
  const statement = removal.call.getParentIfKind(SyntaxKind.ExpressionStatement);
  if (!statement || !Node.isBlock(statement.getParent())) return 'it is part of a larger statement';
  const bypasses = entriesBypassing(teardown, placementOf(removal.call)!.member, lifecycle);
  return bypasses.length > 0
    ? `${bypasses.map((name) => `${name}()`).join(' and ')} can run it without ${teardown}()`
    : undefined;
}

/**
 * The methods callable from outside the class that run `member` but not the teardown: what would
 * no longer remove the listener once the removal is gone. Private methods are only run through the
 * class's own calls; an arrow-function property counts, as it may be a handler.
 */
function entriesBypassing(teardown: string, member: Node, lifecycle: Lifecycle): string[] {
  const teardownMember = lifecycle.methods.get(teardown)!;
  return [...lifecycle.methods]
    .filter(([name, method]) => !isPrivateMethod(method) && reachableFrom(lifecycle, [name]).has(member))
    .filter(([name]) => !reachableFrom(lifecycle, [name]).has(teardownMember))
    .map(([name]) => name);
}

function isPrivateMethod(member: Node): boolean {
  return Node.isMethodDeclaration(member) && (member.getScope() === Scope.Private || member.getName().startsWith('#'));
}
