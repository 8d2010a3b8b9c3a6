import type { Controller } from './controller.js';
import { methodBody, setupFor, TEARDOWN_METHODS, type Lifecycle, type OwnerClass, type Placement, type TeardownPlan } from './owners.js';

export const className = (owner: OwnerClass): string => owner.getName() ?? 'this class';

/** Setups the framework runs before each reattach: where a registration that must survive it belongs. */
const FRAMEWORK_SETUPS = new Set(['connectedCallback', 'hostConnected', 'componentDidMount']);

/**
 * Why a registration at `placement` cannot be ended by the class's AbortController, in words that
 * complete "Not fixed: …"; undefined when it can.
 */
export function controllerRefusal(
  placement: Placement,
  lifecycle: Lifecycle,
  plan: TeardownPlan | undefined,
  controller: Controller | undefined,
): string | undefined {
  if (!placement.thisIsInstance) return 'it is registered inside a nested function, where `this` is not the instance';
  if (!plan) return `${className(lifecycle.owner)} has no teardown method (${TEARDOWN_METHODS.slice(0, 4).join(', ')}, …) to abort it in`;
  const runsOnce = placement.memberName === 'constructor' || methodBody(placement.member) === undefined;
  if (plan.rerunsBecause && runsOnce) {
    const where = placement.memberName === 'constructor' ? 'the constructor' : 'a field initializer';
    const setup = setupFor(plan.teardown);
    const instead = setup && FRAMEWORK_SETUPS.has(setup) ? `; register it in ${setup}() instead` : '';
    return `it is registered once, in ${where}, but ${plan.teardown}() can run while the instance lives on (${plan.rerunsBecause})${instead}`;
  }
  if (!controller) return `${plan.teardown}() has no block body to add the abort() call to`;
  return undefined;
}
