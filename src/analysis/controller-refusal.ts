import type { Controller } from './controller.js';
import {
  methodBody,
  noTeardownBecause,
  setupFor,
  type Lifecycle,
  type OwnerClass,
  type Placement,
  type TeardownPlan,
} from './owners.js';

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
  return 'refusal' in controller ? controller : { controller, plan };
}
