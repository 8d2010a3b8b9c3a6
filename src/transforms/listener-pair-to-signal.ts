import { Node, Scope, SyntaxKind, type SourceFile } from 'ts-morph';
import type { Finding } from '../finding.js';
import type { Realm, Transform, TransformContext, TransformMeta } from '../transform.js';
import { controllerFor, type Controller } from '../analysis/controller.js';
import { usableController } from '../analysis/controller-refusal.js';
import { deleteStatementEdit } from '../analysis/insertions.js';
import { findingAbout } from '../analysis/report.js';
import { classOwnerStep, retentionThrough, stepAt } from '../analysis/retention.js';
import { signalOptionEdit } from '../analysis/signal-option.js';
import { detectStyle, type CodeStyle } from '../analysis/style.js';
import {
  byOwnerClass,
  lifecycleOf,
  placementOf,
  reachableFrom,
  runsAtTeardown,
  teardownPlan,
  type Lifecycle,
  type OwnerClass,
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

export const meta: TransformMeta = {
  id: 'listener-pair-to-signal',
  description:
    'Listeners a class removes by hand in its teardown → registered with the AbortController signal it aborts there.',
  docs: 'README.md#listener-pair-to-signal',
  rules: [
    {
      id: RULE,
      description:
        'A listener that the teardown removes by hand can be registered with an AbortController signal instead.',
      defaultOff: true,
    },
  ],
};

/** A registration and the removals that undo it at teardown: a correct pair, to be written with a signal. */
interface Pair {
  registration: ListenerCall;
  placement: Placement;
  removals: ListenerCall[];
}

export function detect(sourceFile: SourceFile, context: TransformContext): Finding[] {
  if (!sourceFile.getFullText().includes('removeEventListener')) return [];
  const byOwner = byOwnerClass(listenerCallsIn(sourceFile, 'addEventListener'));
  const styleOfFile = () => detectStyle(sourceFile);
  return [...byOwner.entries()].flatMap(([owner, registrations]) =>
    findingsForClass(owner, registrations, styleOfFile, context.settings.realm),
  );
}

export const transform: Transform = { meta, detect };

function findingsForClass(
  owner: OwnerClass,
  registrations: { call: ListenerCall; placement: Placement }[],
  styleOfFile: () => CodeStyle,
  realm: Realm,
): Finding[] {
  const lifecycle = lifecycleOf(owner);
  const removalsAtTeardown = listenerCallsIn(owner, 'removeEventListener').filter(
    (removal) => placementOf(removal.call)?.thisIsInstance && runsAtTeardown(lifecycle, removal.call),
  );
  const pairs = registrations
    .map(({ call, placement }) => pairOf(call, placement, lifecycle, removalsAtTeardown))
    .filter((pair): pair is Pair => pair !== undefined);
  if (pairs.length === 0) return [];

  const plan = teardownPlan(lifecycle, new Set(pairs.map((pair) => pair.placement.memberName)));
  const controller =
    plan &&
    controllerFor(
      lifecycle,
      plan,
      styleOfFile(),
      realm,
      pairs.map((pair) => pair.registration.target),
    );
  const addCalls = registrations.map(({ call }) => call);
  // A modernisation, not a leak: a pair the controller cannot take over is left as it is, unreported.
  return pairs.flatMap((pair) => {
    const usable = usableController(pair.placement, lifecycle, plan, controller);
    return 'refusal' in usable ? [] : (toFinding(pair, lifecycle, usable.plan, usable.controller, addCalls) ?? []);
  });
}

/**
 * The registration's pair, when it has one that a signal can replace: a plain reference handler,
 * registered outside the teardown without a signal or `once`, removed at teardown with the same capture flag.
 */
function pairOf(
  registration: ListenerCall,
  placement: Placement,
  lifecycle: Lifecycle,
  removalsAtTeardown: ListenerCall[],
): Pair | undefined {
  if (!placement.thisIsInstance || lifecycle.runsAtTeardown.has(placement.member)) return undefined;
  if (signalOption(registration.options) || booleanOption(registration.options, 'once') === true) return undefined;
  if (handlerKind(registration.handler) !== 'reference') return undefined;
  const removals = removalsAtTeardown.filter((removal) => removes(removal, registration, 'no-match'));
  return removals.length > 0 && takesOptions(registration) ? { registration, placement, removals } : undefined;
}

function toFinding(
  pair: Pair,
  lifecycle: Lifecycle,
  plan: TeardownPlan,
  controller: Controller,
  addCalls: ListenerCall[],
): Finding | undefined {
  const renewal = plan.rerunsBecause ? controller.renewalIn(pair.placement.member) : undefined;
  const options = signalOptionEdit(pair.registration, controller.signal, controller.style);
  if (renewal === null || 'refusal' in options) return undefined;

  const whyStays = new Map(
    pair.removals.map((removal) => [removal, whyRemovalStays(removal, lifecycle, plan.teardown, addCalls)]),
  );
  const dropped = pair.removals.filter((removal) => !whyStays.get(removal));
  const what = `${eventTypeLabel(pair.registration.type)} listener on ${pair.registration.target.getText()}`;
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
    `${what} is removed by hand in ${membersOf(pair.removals)}`,
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
