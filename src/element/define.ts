/** Registers `<metorial-connect>`. Safe to import twice, and in Node (where it does nothing).
 *  The tag and event maps come with the class (metorial-connect.ts, events.ts). */
import { MetorialConnect } from './metorial-connect.js';

export { MetorialConnect };
export type * from './events.js';
export type { MetorialConnectAttributes } from '../types/attributes.js';
export type { MetorialConnectMessages } from './messages.js';

MetorialConnect.define();
