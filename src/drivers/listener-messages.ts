import type { CallExpression, Expression } from 'ts-morph';
import { eventTypeLabel } from '../analysis/listeners.js';
import { placementOf, type Lifecycle } from '../analysis/owners.js';

/** The data every listener message fills: the event, its target, why the target outlives the owner, and the owner. */
export const listenerData = (
  registration: { type: Expression; target: Expression },
  lifetime: { reason: string },
  owner: string,
): Record<string, string> => ({
  event: eventTypeLabel(registration.type),
  target: registration.target.getText(),
  lifetime: lifetime.reason,
  owner,
});

/** A listener removed by one method of its class, which no teardown calls. */
export function removedOnlyIn(
  removal: { call: CallExpression },
  lifecycle: Lifecycle,
  data: Record<string, string>,
): { messageId: string; data: Record<string, string> } {
  const teardowns = lifecycle.teardowns.map((name) => `${name}()`).join(' or ');
  return {
    messageId: 'removedOnlyIn',
    data: {
      ...data,
      remover: `${placementOf(removal.call)!.memberName}()`,
      unreached: teardowns ? `, which ${teardowns} never calls` : '',
    },
  };
}
