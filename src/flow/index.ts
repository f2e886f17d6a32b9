/**
 * `metorial-connect/flow`: the headless flow engine, no framework. The element renders it;
 * hosts without the element may drive it directly.
 */
export { startConnectFlow, resumeConnectFlow, toUiMode, checkSetupUrl } from './flow.js';
export type * from './types.js';
