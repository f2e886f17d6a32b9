/**
 * Hints that the provider came back: the callback page's message, accepted only from the
 * callback page's exact origin and from this flow's own window (popup or frame), and the
 * BroadcastChannel the callback page also posts on (for a popup whose opener was severed by
 * Cross-Origin-Opener-Policy). Both must carry this flow's state. A hint is not an outcome:
 * the flow confirms it with the backend.
 */
import { CALLBACK_MESSAGE_TYPE, CHANNEL_PREFIX } from '../shared/protocol.js';
import type { Disposables } from './disposables.js';

export function listenForHints(
  bag: Disposables,
  state: string,
  callbackOrigin: string | undefined,
  ownWindow: () => Window | null | undefined,
  onHint: () => void,
): void {
  const onMessage = ({ data }: { data: any }) => {
    if (data?.type === CALLBACK_MESSAGE_TYPE && data.state === state) onHint();
  };
  bag.on('message', (e) => {
    if (e.origin === callbackOrigin && e.source && e.source === ownWindow()) onMessage(e);
  });
  const channel = new BroadcastChannel(CHANNEL_PREFIX + state);
  channel.onmessage = onMessage;
  bag.hold(() => channel.close());
}
