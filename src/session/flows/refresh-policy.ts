/**
 * The rules a refresh of a genuine, live session passes before it rotates:
 * `deviceBinding` (allow or deny), then `refreshPolicy` (allow, deny or
 * step-up). Each fails closed: a rule that throws refuses.
 * @module
 */
import { authenticationOf, type EngineContext } from '../engine-context.js';
import type { DeviceContext, RefreshFailureReason } from '../events.js';
import type { SessionRecord } from '../store.js';

/** Why a rule refused a refresh, for the event and the error. */
export interface RuleRefusal {
  readonly reason: Extract<
    RefreshFailureReason,
    'device_mismatch' | 'policy_denied' | 'policy_error' | 'step_up_required'
  >;
  readonly rule: 'deviceBinding' | 'refreshPolicy';
  readonly decision: 'deny' | 'step-up';
}

/**
 * Whether a refresh must read the session record before it rotates: the
 * rules judge the stored record. A fast path that rotates without reading
 * first is only for engines where this is `false`.
 */
export function rulesNeedRecord(ctx: EngineContext): boolean {
  return ctx.deviceBinding !== undefined || ctx.refreshPolicy !== undefined;
}

/** The first rule that refuses the refresh, or `null` when all allow it. */
export async function refusingRule(
  ctx: EngineContext,
  session: SessionRecord,
  presented: DeviceContext | undefined,
): Promise<RuleRefusal | null> {
  if (ctx.deviceBinding && !deviceAllowed(ctx, session, presented)) {
    return { reason: 'device_mismatch', rule: 'deviceBinding', decision: 'deny' };
  }
  const policy = ctx.refreshPolicy;
  if (!policy) return null;
  let decision: unknown;
  try {
    decision = await policy({ ...session, ...authenticationOf(session) }, { ...presented });
  } catch {
    return { reason: 'policy_error', rule: 'refreshPolicy', decision: 'deny' };
  }
  if (decision === 'allow') return null;
  if (decision === 'step-up') {
    return { reason: 'step_up_required', rule: 'refreshPolicy', decision: 'step-up' };
  }
  // Anything but the three answers is a bug in the policy: refuse, as for a throw.
  const reason = decision === 'deny' ? 'policy_denied' : 'policy_error';
  return { reason, rule: 'refreshPolicy', decision: 'deny' };
}

// A throwing binding fails closed: refusing is the safe answer to "is this the same device?".
function deviceAllowed(
  ctx: EngineContext,
  session: SessionRecord,
  presented: DeviceContext | undefined,
): boolean {
  try {
    return ctx.deviceBinding?.(session.device ?? {}, presented ?? {}) === true;
  } catch {
    return false;
  }
}
