/**
 * Upstream's rate limit on the API key: so many requests per window (5,000 per 10 minutes per
 * organization). Every answer carries `RateLimit-Limit`, `RateLimit-Remaining` and
 * `RateLimit-Reset` (seconds until the window starts again); past the limit the answer is 429
 * `rate_limit_exceeded`, with the same headers and, as upstream, no `Retry-After`.
 *
 * A fixed window that starts with the first request after the previous one ended, counted on
 * the sandbox's clock (`ctx.now`), so tests move time instead of waiting.
 */
import type { MiddlewareHandler } from 'hono';
import { apiError } from './errors.js';

export const DEFAULT_RATE_LIMIT = 5000;
export const DEFAULT_RATE_WINDOW_SECONDS = 600;

export interface RateLimitOptions {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
  now: () => number;
}

export function rateLimit({ limit, windowMs, now }: RateLimitOptions): MiddlewareHandler {
  let windowStart = -Infinity;
  let used = 0;
  return async (c, next) => {
    const time = now();
    if (time >= windowStart + windowMs) {
      windowStart = time;
      used = 0;
    }
    const allowed = used < limit;
    if (allowed) used++;
    const headers = {
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': String(limit - used),
      'RateLimit-Reset': String(Math.max(1, Math.ceil((windowStart + windowMs - time) / 1000))),
    };
    if (!allowed) {
      return apiError(
        c,
        429,
        'rate_limit_exceeded',
        `Rate limit exceeded: ${limit} requests per ${windowMs / 1000} seconds.`,
        'Wait until the window resets (see the RateLimit-Reset header, in seconds) and slow down.',
        undefined,
        headers,
      );
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
  };
}
