/**
 * The demo backend's two read-only routes (demo/server.ts): which API the demo talks to, and
 * the provider catalog. Failures become an Error whose message a person can act on.
 */
import type { DemoConfig, DemoProvider } from '../server.js';

export function loadConfig(signal?: AbortSignal): Promise<DemoConfig> {
  return getJson<DemoConfig>('/api/config', signal);
}

export async function loadProviders(signal?: AbortSignal): Promise<DemoProvider[]> {
  try {
    return (await getJson<{ providers: DemoProvider[] }>('/api/providers', signal)).providers;
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`The list of integrations could not be loaded: ${(error as Error).message}`);
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error('The demo server is not reachable. Is `npm start` still running?');
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok || body === null) {
    throw new Error(body?.error?.message ?? `The demo server answered ${response.status} ${response.statusText}.`);
  }
  return body;
}
