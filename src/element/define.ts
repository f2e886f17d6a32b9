/** Registers `<metorial-connect>`. Safe to import twice, and in Node (where it does nothing). */
import { MetorialConnect } from './metorial-connect.js';

export { MetorialConnect };
export type * from './events.js';
export type { MetorialConnectMessages } from './messages.js';

MetorialConnect.define();

declare global {
  interface HTMLElementTagNameMap {
    'metorial-connect': MetorialConnect;
  }
}
