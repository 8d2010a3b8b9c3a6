import type { Expression, SourceFile } from 'ts-morph';
import type { Detection } from '../finding.js';
import type { Driver, RuleContext } from '../rule.js';
import { classFindings, classFixStart, type ClassFixBase, type ClassRule } from './class-driver.js';
import { listenerData, removedOnlyIn } from './listener-messages.js';
import { className } from '../fixes/controller-refusal.js';
import { signalOptionEdit } from '../fixes/signal-option.js';
import { deleteStatementEdit } from '../fixes/insertions.js';
import { styleOf } from '../analysis/style.js';
import { isReported, perCallReview, targetLifetime } from '../analysis/lifetime.js';
import { asRisk, classOwnerStep, listenerStep, retentionThrough, type Retention } from '../analysis/retention.js';
import {
  abortedAtTeardown,
  endedAtTeardown,
  placementOf,
  reachableFrom,
  runsAtTeardown,
  stateScopedBecause,
  teardownInWords,
  type Lifecycle,
  type Placement,
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

/** Why one registration leaks, before deciding whether and how it can be fixed. */
interface Leak {
  registration: ListenerCall;
  placement: Placement;
  rule: 'lingering-listener' | 'unremovable-listener';
  /** What is wrong and why the target outlives the owner, as the rule's message says it. */
  messageId: string;
  data: Record<string, string>;
  /** Removals that match no registration and are deleted by the fix. */
  brokenRemovals: ListenerCall[];
  /** Set when the leak is known but cannot be fixed by this transform. */
  refusal?: string;
  /** Set when the fix may be wrong for this registration: it is then `review`. */
  reviewBecause?: string;
  retention: Retention;
}

const mayDetect = (text: string): boolean => text.includes('addEventListener');

function detect(sourceFile: SourceFile, context: RuleContext): Detection[] {
  const calls = listenerCallsIn(sourceFile, 'addEventListener');
  return classFindings(
    calls,
    lingeringInClass,
    () => styleOf(sourceFile, context.facts),
    context.settings.realm,
  ).filter((finding) => context.enabledRules.has(finding.rule));
}

/** Listeners a class adds with addEventListener on long-lived targets and does not remove at teardown. */
export const classListeners: Driver = { id: 'class-listeners', mayDetect, detect };

const lingeringInClass: ClassRule<ListenerCall, Leak> = {
  diagnose(lifecycle, registrations) {
    const addCalls = registrations.map(({ call }) => call);
    const removals = listenerCallsIn(lifecycle.owner, 'removeEventListener');
    return registrations
      .map(({ call, placement }) => diagnose(call, placement, lifecycle, addCalls, removals))
      .filter((leak): leak is Leak => leak !== undefined);
  },
  controllerTargets: (leaks) => (leaks.every((leak) => leak.refusal) ? undefined : []),
  toFinding,
};

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

  const data = listenerData(registration, lifetime, className(lifecycle.owner));
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
  if (signal) return signalLeak(signal, lifecycle, base, data);

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
      messageId: 'stateScoped',
      data: { ...data, scoped },
    };
  if (exact.length > 0) {
    return { ...base, rule: 'lingering-listener', ...removedOnlyIn(exact[0]!, lifecycle, data) };
  }

  const atTeardown = sameEvent.filter((removal) => runsAtTeardown(lifecycle, removal.call));
  const whyUnremovable = atTeardown.length > 0 ? unremovableBecause(registration, atTeardown[0]!) : undefined;
  if (whyUnremovable) {
    const brokenRemovals = atTeardown.filter((removal) => !addCalls.some((add) => removes(removal, add)));
    return {
      ...base,
      brokenRemovals,
      rule: 'unremovable-listener',
      messageId: 'removalCannotMatch',
      data: { ...data, why: whyUnremovable },
    };
  }
  return { ...base, rule: 'lingering-listener', messageId: 'neverRemoved', data };
}

/** A registration that already passes a signal leaks only when it is this class's own and never aborted. */
function signalLeak(
  signal: Expression,
  lifecycle: Lifecycle,
  base: Pick<Leak, 'registration' | 'placement' | 'brokenRemovals' | 'retention'>,
  data: Record<string, string>,
): Leak | undefined {
  const controller = signal.getText().replace(/\.signal$/, '');
  if (!/^this\.#?\w+$/.test(controller) || controller === signal.getText()) return undefined;
  if (abortedAtTeardown(lifecycle, controller)) return undefined;
  return {
    ...base,
    rule: 'lingering-listener',
    messageId: 'signalNeverAborted',
    data: { ...data, signal: signal.getText(), controller },
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

function toFinding(leak: Leak, base: ClassFixBase): Detection {
  const start = classFixStart(leak, leak.rule, base);
  if (!('draft' in start)) return start;
  const { draft, controller: ready, plan: teardown, renewal } = start;
  const options = signalOptionEdit(leak.registration, ready.signal, ready.style);
  if ('refusal' in options) return draft.reportOnly(options.refusal);

  const dropsRemoval = leak.brokenRemovals.length > 0 ? ', and drop the removal that never matches' : '';
  const fix = `register it with an AbortController signal that ${teardownInWords(teardown)} aborts${dropsRemoval}`;
  const edits = [
    options.edit,
    ...ready.edits,
    ...renewal,
    ...leak.brokenRemovals.map((removal) => deleteStatementEdit(removal.call)),
  ];
  return draft.fixed('safe', fix, edits, teardown.reviewBecause ?? leak.reviewBecause);
}
