/** Headless flags that work as root on a machine without network or GPU. */
export declare const CHROMIUM_ARGS: string[];
/** Path of a Chromium executable (CHROME_PATH, then system paths); exits with one line if none. */
export declare function findChromium(): string;
