import type { Expression, SourceFile } from 'ts-morph';
import type { Finding } from '../finding.js';
import type { Realm, Transform, TransformContext, TransformMeta } from '../transform.js';
import { controllerFor, type Controller } from '../analysis/controller.js';
import { className, usableController } from '../analysis/controller-refusal.js';
import { signalOptionEdit } from '../analysis/signal-option.js';
import { deleteStatementEdit } from '../analysis/insertions.js';
import { detectStyle, type CodeStyle } from '../analysis/style.js';
import { isReported, perCallReview, targetLifetime } from '../analysis/lifetime.js';
import { asRisk, classOwnerStep, listenerStep, retentionThrough, type Retention } from '../analysis/retention.js';
import { findingAbout } from '../analysis/report.js';
import {
  abortedAtTeardown,
  byOwnerClass,
  endedAtTeardown,
  lifecycleOf,
  placementOf,
  reachableFrom,
  runsAtTeardown,
  stateScopedBecause,
  teardownInWords,
  teardownPlan,
  type Lifecycle,
  type OwnerClass,
  type Placement,
  type TeardownPlan,
} from '../analysis/owners.js';
import {
  booleanOption,
  captureFlag,
  eventTypeKey,
  eventTypeLabel,
  handlerKey,
  handlerKind,
  listenerCallsIn,
  removes,
  sameTargetAndType,
  retainsInstance,
  signalOption,
  takesOptions,
  thisMemberKey,
  type ListenerCall,
} from '../analysis/listeners.js';

export const meta: TransformMeta = {
  id: 'listener-abort-signal',
  description:
    'Listeners on long-lived targets that a class never removes → one AbortController per class, aborted in its teardown.',
  docs: 'README.md#listener-abort-signal',
  rules: [
    {
      id: 'lingering-listener',
      description: 'A listener on a target that outlives its class is never removed in the teardown.',
    },
    { id: 'unremovable-listener', description: 'A removal exists, but can never match the registered listener.' },
  ],
};

/** Why one registration leaks, before deciding whether and how it can be fixed. */
interface Leak {
  registration: ListenerCall;
  placement: Placement;
  rule: 'lingering-listener' | 'unremovable-listener';
  /** One sentence: what is wrong and why the target outlives the owner. */
  problem: string;
  /** Removals that match no registration and are deleted by the fix. */
  brokenRemovals: ListenerCall[];
  /** Set when the leak is known but cannot be fixed by this transform. */
  refusal?: string;
  /** Set when the fix may be wrong for this registration: it is then `review`. */
  reviewBecause?: string;
  retention: Retention;
}

export function detect(sourceFile: SourceFile, context: TransformContext): Finding[] {
  if (!sourceFile.getFullText().includes('addEventListener')) return [];
  const byOwner = byOwnerClass(listenerCallsIn(sourceFile, 'addEventListener'));
  const styleOfFile = () => detectStyle(sourceFile);
  return [...byOwner.entries()]
    .flatMap(([owner, registrations]) => findingsForClass(owner, registrations, styleOfFile, context.settings.realm))
    .filter((finding) => context.enabledRules.has(finding.rule));
}

export const transform: Transform = { meta, detect };

function findingsForClass(
  owner: OwnerClass,
  registrations: { call: ListenerCall; placement: Placement }[],
  styleOfFile: () => CodeStyle,
  realm: Realm,
): Finding[] {
  const lifecycle = lifecycleOf(owner);
  const addCalls = registrations.map(({ call }) => call);
  const removals = listenerCallsIn(owner, 'removeEventListener');
  const leaks = registrations
    .map(({ call, placement }) => diagnose(call, placement, lifecycle, addCalls, removals))
    .filter((leak): leak is Leak => leak !== undefined);
  if (leaks.length === 0) return [];

  const plan = teardownPlan(lifecycle, new Set(leaks.map((leak) => leak.placement.memberName)));
  const controller =
    plan && !leaks.every((leak) => leak.refusal) ? controllerFor(lifecycle, plan, styleOfFile(), realm) : undefined;
  return leaks.map((leak) => toFinding(leak, lifecycle, plan, controller));
}

function diagnose(
  registration: ListenerCall,
  placement: Placement,
  lifecycle: Lifecycle,
  addCalls: ListenerCall[],
  removals: ListenerCall[],
): Leak | undefined {
  const lifetime = targetLifetime(registration.target, lifecycle.owner);
  if (!isReported(lifetime) || endedAtTeardown(lifecycle, registration.target)) return undefined;
  if (booleanOption(registration.options, 'once') === true) return undefined;
  if (!retainsInstance(registration.handler) || !takesOptions(registration)) return undefined;

  const what = `${eventTypeLabel(registration.type)} listener on ${registration.target.getText()}`;
  const keeps = `${registration.target.getText()} ${lifetime.reason}, and it keeps each ${className(lifecycle.owner)} alive`;
  const retention = retentionThrough(
    lifetime.kind === 'outlives' ? 'leak' : 'risk',
    lifetime.path,
    listenerStep(eventTypeLabel(registration.type), registration.call),
    classOwnerStep(lifecycle.owner),
  );
  const base = {
    registration,
    placement,
    retention,
    brokenRemovals: [] as ListenerCall[],
    reviewBecause: perCallReview(registration.target, lifetime),
  };

  const signal = signalOption(registration.options);
  if (signal) return signalLeak(signal, lifecycle, base, what, keeps);

  if (removals.some((removal) => isManagedLocally(removal, registration, placement, lifecycle, addCalls)))
    return undefined;
  const sameEvent = removals.filter((removal) => sameTargetAndType(removal, registration));
  const exact = sameEvent.filter((removal) => removes(removal, registration));
  if (exact.some((removal) => runsAtTeardown(lifecycle, removal.call))) return undefined;
  const scoped = stateScopedBecause(lifecycle, placement, sameEvent);
  if (scoped)
    return {
      ...base,
      retention: asRisk(retention),
      rule: 'lingering-listener',
      problem: `${what} ${scoped}; ${keeps}`,
    };
  if (exact.length > 0) {
    const where = `${placementOf(exact[0]!.call)!.memberName}()`;
    const teardowns = lifecycle.teardowns.map((name) => `${name}()`).join(' or ');
    const never = teardowns ? `, which ${teardowns} never calls` : '';
    return { ...base, rule: 'lingering-listener', problem: `${what} is only removed in ${where}${never}; ${keeps}` };
  }

  const atTeardown = sameEvent.filter((removal) => runsAtTeardown(lifecycle, removal.call));
  const whyUnremovable = atTeardown.length > 0 ? unremovableBecause(registration, atTeardown[0]!) : undefined;
  if (whyUnremovable) {
    const brokenRemovals = atTeardown.filter((removal) => !addCalls.some((add) => removes(removal, add)));
    return {
      ...base,
      brokenRemovals,
      rule: 'unremovable-listener',
      problem: `${what} can never be removed: ${whyUnremovable}; ${keeps}`,
    };
  }
  return { ...base, rule: 'lingering-listener', problem: `${what} is never removed; ${keeps}` };
}

/** A registration that already passes a signal leaks only when it is this class's own and never aborted. */
function signalLeak(
  signal: Expression,
  lifecycle: Lifecycle,
  base: Pick<Leak, 'registration' | 'placement' | 'brokenRemovals' | 'retention'>,
  what: string,
  keeps: string,
): Leak | undefined {
  const controller = signal.getText().replace(/\.signal$/, '');
  if (!/^this\.#?\w+$/.test(controller) || controller === signal.getText()) return undefined;
  if (abortedAtTeardown(lifecycle, controller)) return undefined;
  return {
    ...base,
    rule: 'lingering-listener',
    problem: `${what} passes ${signal.getText()}, but no teardown calls ${controller}.abort(); ${keeps}`,
    refusal: `call ${controller}.abort() in the teardown`,
  };
}

/**
 * Listeners whose removal the code arranges on its own, outside any teardown: removed in the method
 * that adds them (a temporary listener, or `prev.remove…; next.add…`), or added by one of the class's
 * handlers and removed by code its handlers run (a drag's `pointerup` removing its `pointermove`).
 * Flagging these would be noise; a listener added in a lifecycle method and removed only when some
 * event happens (a popover closed by an outside click) is still a leak.
 */
function isManagedLocally(
  removal: ListenerCall,
  registration: ListenerCall,
  placement: Placement,
  lifecycle: Lifecycle,
  addCalls: ListenerCall[],
): boolean {
  if (
    eventTypeKey(removal.type) !== eventTypeKey(registration.type) ||
    handlerKey(removal.handler) !== handlerKey(registration.handler)
  ) {
    return false;
  }
  const removedIn = placementOf(removal.call);
  if (removedIn?.member === placement.member) return true;
  // A gesture: registered by one of the class's event handlers, removed by code its handlers run.
  const handlerKeys = new Set(addCalls.map((add) => handlerKey(add.handler)));
  const handlers = [...lifecycle.methods.keys()].filter((name) => handlerKeys.has(thisMemberKey(name)));
  const registeredByHandler = handlers.includes(placement.memberName);
  return (
    registeredByHandler &&
    !!removedIn &&
    sameTargetAndType(removal, registration) &&
    reachableFrom(lifecycle, handlers).has(removedIn.member)
  );
}

function unremovableBecause(registration: ListenerCall, removal: ListenerCall): string | undefined {
  const where = `removeEventListener in ${placementOf(removal.call)!.memberName}()`;
  switch (handlerKind(registration.handler)) {
    case 'inline':
      return `the handler is an inline function, so ${where} gets another function and removes nothing`;
    case 'bound':
      return `.bind() returns a new function on each call, so ${where} removes nothing`;
    case 'reference': {
      const [added, removed] = [captureFlag(registration.options), captureFlag(removal.options)];
      const sameHandler = handlerKey(removal.handler) === handlerKey(registration.handler);
      if (sameHandler && added !== undefined && removed !== undefined && added !== removed) {
        return `it is added with capture ${added} but removed with capture ${removed}, and capture is part of a listener's identity`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function toFinding(
  leak: Leak,
  lifecycle: Lifecycle,
  plan: TeardownPlan | undefined,
  controller: Controller | { refusal: string } | undefined,
): Finding {
  const { fixed, reportOnly } = findingAbout(leak.registration.call, leak.rule, leak.problem, leak.retention);
  if (leak.refusal) return reportOnly(leak.refusal);
  const usable = usableController(leak.placement, lifecycle, plan, controller);
  if ('refusal' in usable) return reportOnly(usable.refusal);
  const { controller: ready, plan: teardown } = usable;
  const renewal = teardown.rerunsBecause ? ready.renewalIn(leak.placement.member) : undefined;
  if (renewal === null)
    return reportOnly(`${leak.placement.memberName}() has no block body to renew the controller in`);
  const options = signalOptionEdit(leak.registration, ready.signal, ready.style);
  if ('refusal' in options) return reportOnly(options.refusal);

  const dropsRemoval = leak.brokenRemovals.length > 0 ? ', and drop the removal that never matches' : '';
  const fix = `register it with an AbortController signal that ${teardownInWords(teardown)} aborts${dropsRemoval}`;
  const edits = [
    options.edit,
    ...ready.edits,
    ...(renewal ? [renewal] : []),
    ...leak.brokenRemovals.map((removal) => deleteStatementEdit(removal.call)),
  ];
  return fixed('safe', fix, edits, teardown.reviewBecause ?? leak.reviewBecause);
}
