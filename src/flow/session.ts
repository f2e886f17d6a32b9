/**
 * What a session from the host backend means: whether it is one at all, and which outcome
 * its status gives.
 */
import type { SetupSession } from '../shared/session.js';
import { error, expired, invalidSession, TRY_AGAIN } from './errors.js';
import type { Report } from './context.js';

export const nonEmpty = (v: unknown): v is string => typeof v == 'string' && v != '';

/** The session, if `value` is a well-formed one for this provider (and this id); throws `invalid_session` otherwise. */
export function asSession(value: any, providerId: string, id?: string): SetupSession {
  if (
    value?.object == 'provider.setup_session' &&
    nonEmpty(value.id) &&
    (!id || value.id == id) &&
    nonEmpty(value.status) &&
    nonEmpty(value.url) &&
    value.provider_id === providerId &&
    Date.parse(value.expires_at) > 0 &&
    typeof (value.auth_config ?? {}) == 'object'
  )
    return value;
  throw invalidSession();
}

/** The flow's terminal state for a session's status, or undefined while it is pending. (The
 *  flow adds the session to it.) */
export function outcomeOf({ status, auth_config: authConfig }: SetupSession): Report | undefined {
  if (status == 'pending') return;
  if (status == 'completed' && authConfig) return { status: 'connected', authConfig };
  return {
    status: 'failed',
    error: status == 'expired' ? expired() : error('session_failed', 'The connection was not completed.' + TRY_AGAIN),
  };
}
