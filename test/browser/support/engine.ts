/**
 * What differs between the engines the suite runs in, for the few tests that depend on it.
 * A test that cannot run in an engine says why in the run's output and is skipped there;
 * it never passes silently.
 */
import { emulateMedia } from '@web/test-runner-commands';

/** The engine this page runs in, from its user agent. */
export const engine: 'chromium' | 'firefox' | 'webkit' = / Firefox\//.test(navigator.userAgent)
  ? 'firefox'
  : /Chrome\//.test(navigator.userAgent)
    ? 'chromium'
    : 'webkit';

/** Skips the running test here, printing the reason in the run's output. */
export function skipHere(test: Mocha.Context, reason: string): never {
  console.warn(`[skipped in ${engine}] ${test.test?.fullTitle() ?? ''}: ${reason}`);
  test.skip();
}

/**
 * Makes the page prefer `scheme`: nothing to do when the browser already does (every engine
 * here prefers light by default); otherwise the driver's media emulation, which only the
 * DevTools protocol has (Chromium). Resolves false where the preference cannot be set.
 */
export async function preferColorScheme(scheme: 'light' | 'dark'): Promise<boolean> {
  const matches = () => matchMedia(`(prefers-color-scheme: ${scheme})`).matches;
  if (matches()) return true;
  try {
    await emulateMedia({ colorScheme: scheme });
  } catch {
    return false;
  }
  return matches();
}

/** Undoes `preferColorScheme` where it emulated anything. */
export async function resetColorScheme(): Promise<void> {
  if (engine === 'chromium') await emulateMedia({ colorScheme: 'light' });
}
