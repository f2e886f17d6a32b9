/**
 * Create bodies the contract refuses before anything reaches the upstream: not JSON, not
 * declared as JSON, too large, or not the create body.
 */
import { refusalProblem, signInWall, verdict, type Check } from './check.js';
import type { Probe } from './probe.js';

/** Largest create body a backend must accept; the helper refuses more (its LIMITS.bodyBytes). */
export const BODY_LIMIT_BYTES = 16 * 1024;
/** What the checker sends to prove the limit: four times as much. */
const OVERSIZED_BYTES = 4 * BODY_LIMIT_BYTES;

export const contentType: Check = {
  id: 'content-type',
  rule: 'a create body not sent as application/json is refused with 415 unsupported_media_type',
  async run(probe) {
    const problems: Array<string | null> = [];
    // A plain form and text/plain are what a cross-site <form> can send without a preflight.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await probe.send({ body: probe.createBody(), contentType: type });
      const wall = signInWall(probe, answer);
      if (wall) return wall;
      problems.push(refusalProblem(answer, 415, 'unsupported_media_type', `${answer.request} as ${type}`));
    }
    return verdict(problems);
  },
};

export const invalidJson: Check = {
  id: 'invalid-json',
  rule: 'a create body that is not JSON is refused with 400 invalid_json',
  async run(probe) {
    const answer = await probe.send({ body: '{"provider_id": ' });
    return signInWall(probe, answer) ?? verdict([refusalProblem(answer, 400, 'invalid_json', `${answer.request} with a cut-off body`)]);
  },
};

/** A valid create body padded to OVERSIZED_BYTES with a long description. */
function oversized(probe: Probe): string {
  const body = probe.createBody({ description: '' });
  return body.replace('"description":""', `"description":"${'a'.repeat(OVERSIZED_BYTES - body.length)}"`);
}

export const bodyLimit: Check = {
  id: 'body-limit',
  rule: `a create body over ${BODY_LIMIT_BYTES / 1024} KiB is refused with 413 payload_too_large, with or without Content-Length`,
  async run(probe) {
    const body = oversized(probe);
    const declared = await probe.send({ body });
    const wall = signInWall(probe, declared);
    if (wall) return wall;
    // The same bytes streamed (chunked, no Content-Length): a limit must not rest on the header.
    const bytes = new TextEncoder().encode(body);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += 8192) chunks.push(bytes.slice(at, at + 8192));
    const streamed = await probe.send({ body: chunks });
    return verdict([
      refusalProblem(declared, 413, 'payload_too_large', `${declared.request} of ${OVERSIZED_BYTES / 1024} KiB`),
      refusalProblem(streamed, 413, 'payload_too_large', `${streamed.request} of ${OVERSIZED_BYTES / 1024} KiB without Content-Length`),
    ]);
  },
};

export const invalidRequest: Check = {
  id: 'invalid-request',
  rule: 'a JSON body that is not a create body (no provider_id, a wrong type, an unknown field) is refused with 400 invalid_request',
  async run(probe) {
    const cases: Array<[string, string]> = [
      ['without provider_id', JSON.stringify({ redirect_url: probe.redirectUrl() })],
      ['with a number as provider_id', JSON.stringify({ provider_id: 42 })],
      ['with an unknown field', probe.createBody({ unknown_field: true })],
      ['with an array as body', '[]'],
    ];
    const problems: Array<string | null> = [];
    for (const [what, body] of cases) {
      const answer = await probe.send({ body });
      const wall = signInWall(probe, answer);
      if (wall) return wall;
      problems.push(refusalProblem(answer, 400, 'invalid_request', `${answer.request} ${what}`));
    }
    return verdict(problems);
  },
};
