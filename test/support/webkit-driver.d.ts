export interface WebKitDriver {
  /** The driver's base URL, `http://127.0.0.1:<port>`. */
  url: string;
  hostname: string;
  port: number;
  /** Capabilities of a MiniBrowser session. */
  capabilities: Record<string, unknown>;
  stop(): Promise<void>;
}
export declare function findMiniBrowser(driverPath: string): string;
export declare function webkitCapabilities(driverPath: string): Record<string, unknown>;
/** Starts WebKitWebDriver (and Xvfb when there is no DISPLAY) on loopback. */
export declare function startWebKitDriver(extraArgs?: string[]): Promise<WebKitDriver>;
