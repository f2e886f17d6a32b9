// Kept for the imports that predate scripts/browsers.js (which finds all three engines).
export { CHROMIUM_ARGS, findChromium } from './browsers.js';
