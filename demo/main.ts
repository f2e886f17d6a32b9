/**
 * The sales demo page: an integrations gallery of <metorial-connect> buttons, switches for the
 * window mode, the language and the theme, a live event log and the embed code for the current
 * settings. Lit components (components/) read one store (state/); index.html holds <demo-app>.
 */
import '../src/element/define.js';
import './components/define.js';
