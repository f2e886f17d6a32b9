// The demo's callback page: the provider comes back here, and the callback script tells
// the waiting <metorial-connect> (opener, parent frame or BroadcastChannel).
import '../src/callback/index.js';
