/**
 * `Metorial-Version`: the official SDKs send it with every request (e.g. `2026-01-01-magnetar`).
 * The reference this sandbox follows is what a client gets without one; every published version
 * that has setup sessions uses the newer enum values (see the SDK's generated types):
 *
 * | | no header (the reference) | a known version |
 * | --- | --- | --- |
 * | session `type` | `oauth` | `auth_only` |
 * | `auth_config.type` | `oauth` | `oauth_automated` |
 * | a deleted session's `status` | `archived` | `deleted` |
 *
 * (The reference's status list has `archived` and no `deleted`: its clients see a deletion as
 * an archived session.) An unknown version falls back silently to the default (no header), as
 * upstream does.
 */
import type { Context } from 'hono';

export const API_VERSIONS = ['2025-01-01-pulsar', '2025-01-01-dashboard', '2026-01-01-magnetar'] as const;
export const VERSION_HEADER = 'Metorial-Version';

/** Which set of enum values a client gets. */
export type ApiFlavour = 'reference' | 'versioned';

/** The flavour for a request's header; the default's for none or a version it does not know. */
export function flavourOf(c: Context): ApiFlavour {
  const header = c.req.header(VERSION_HEADER)?.trim();
  return header !== undefined && (API_VERSIONS as readonly string[]).includes(header) ? 'versioned' : 'reference';
}
