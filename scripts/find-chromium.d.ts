export { CHROMIUM_ARGS, findChromium } from './browsers.js';
