import type { Controller } from './controller.js';
import {
  methodBody,
  noTeardownBecause,
  runsAgainAfter,
  setupFor,
  type Lifecycle,
  type OwnerClass,
  type Placement,
  type TeardownPlan,
} from '../analysis/owners.js';

export const className = (owner: OwnerClass): string => owner.getName() ?? 'this class';

/** Setups the framework runs before each reattach: where a registration that must survive it belongs. */
const FRAMEWORK_SETUPS = new Set(['connectedCallback', 'hostConnected', 'componentDidMount']);

/**
 * The class's controller and teardown for a registration at `placement`, or why the controller cannot
 * end it, in words that complete "Not fixed: …".
 */
export function usableController(
  placement: Placement,
  lifecycle: Lifecycle,
  plan: TeardownPlan | undefined,
  controller: Controller | { refusal: string } | undefined,
): { controller: Controller; plan: TeardownPlan } | { refusal: string } {
  const refusal = (reason: string) => ({ refusal: reason });
  if (!placement.thisIsInstance)
    return refusal('it is registered inside a nested function, where `this` is not the instance');
  if (!plan || !controller) return refusal(noTeardownBecause(lifecycle.owner));
  const runsOnce = placement.memberName === 'constructor' || methodBody(placement.member) === undefined;
  if (plan.rerunsBecause && runsOnce) {
    const where = placement.memberName === 'constructor' ? 'the constructor' : 'a field initializer';
    const setup = setupFor(plan.teardown);
    const instead = setup && FRAMEWORK_SETUPS.has(setup) ? `; register it in ${setup}() instead` : '';
    return refusal(
      `it is registered once, in ${where}, but ${plan.teardown}() can run while the instance lives on (${plan.rerunsBecause})${instead}`,
    );
  }
  if ('refusal' in controller) return controller;
  return {
    controller,
    plan: { ...plan, reviewBecause: plan.reviewBecause ?? renewalDoubt(placement, lifecycle, plan) },
  };
}

/**
 * Why renewing the controller where the listener is registered may not bring the listener back: the
 * teardown can run while the instance lives on (a custom element moved in the page), and the method
 * that registers is not run by the setup that follows it (Lit's firstUpdated(), a property observer).
 */
function renewalDoubt(placement: Placement, lifecycle: Lifecycle, plan: TeardownPlan): string | undefined {
  if (!plan.rerunsBecause || runsAgainAfter(lifecycle, placement.member, plan.teardown)) return undefined;
  const setup = setupFor(plan.teardown);
  const rerun = setup
    ? `${setup}() does not run ${placement.memberName}()`
    : `nothing runs ${placement.memberName}() again`;
  return `${plan.teardown}() can run while the instance lives on (${plan.rerunsBecause}), and ${rerun}, so the listener would be gone after that`;
}
