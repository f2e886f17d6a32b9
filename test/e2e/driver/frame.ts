/**
 * What a locator needs from a window or a frame in it, whatever drives the browser: run a
 * function in it, click an element found there with the real mouse, and say where it is.
 */
import type { Step } from './query.js';

export interface FrameTarget {
  /** Runs `(fn)(resolved elements, arg)` in the page and returns its (JSON) result. */
  evaluateOn<R>(steps: Step[] | null, fn: string, arg?: unknown): Promise<R>;
  /** Clicks the first element `steps` find with real input (trusted, with user activation). */
  click(steps: Step[]): Promise<void>;
  /** The frame inside the iframe element `steps` find. */
  frame(steps: Step[]): FrameTarget;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function poll<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
