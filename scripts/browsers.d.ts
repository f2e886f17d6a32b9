export type Engine = 'chromium' | 'firefox' | 'webkit';
/** Every engine, in the order the suites run them. */
export declare const ENGINES: readonly Engine[];
/** Headless flags that work as root on a machine without network or GPU. */
export declare const CHROMIUM_ARGS: string[];
/** Firefox preferences that keep the popup blocker on (puppeteer's profile turns it off). */
export declare const FIREFOX_PREFS: Record<string, string | number | boolean>;
export declare function engineLabel(engine: Engine): string;
/** The Debian/Ubuntu packages that bring the given engines. */
export declare function debianPackages(engines: readonly Engine[]): string[];
/** The one command that installs the given engines on Debian/Ubuntu. */
export declare function installCommand(engines: readonly Engine[]): string;
/** Where an engine is (env variable, then system paths), or why it is not found. */
export declare function locate(engine: Engine): { path: string } | { problem: string };
/** The engine's executable; exits the process with one line saying what to do if none. */
export declare function findBrowser(engine: Engine): string;
/** Xvfb's path, if installed. */
export declare function findXvfb(): string | undefined;
/** All engines, or those named in BROWSERS (comma-separated). */
export declare function selectedEngines(): Engine[];
/** Path of a Chromium executable (CHROME_PATH, then system paths); exits with one line if none. */
export declare function findChromium(): string;
