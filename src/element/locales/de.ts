import type { MetorialConnectMessages } from '../messages.js';

const AGAIN = ' Bitte versuchen Sie es erneut.';

export default {
  connect: 'Verbinden',
  waiting: 'Warten auf {provider}…',
  confirming: 'Wird bestätigt…',
  connected: 'Mit {provider} verbunden',
  cancelled: 'Abgebrochen',
  tryAgain: 'Erneut versuchen',
  reconnect: 'Erneut verbinden',
  cancel: 'Abbrechen',
  close: 'Schließen',
  dialogTitle: '{provider} verbinden',
  popOut: 'Stattdessen in einem neuen Fenster öffnen',
  continue: 'Weiter zu {provider}',
  placeholder: 'Verbindung zu {provider} wird hergestellt…',
  invalid_config: 'Diese Schaltfläche ist nicht richtig eingerichtet.',
  popup_blocked: 'Das Pop-up wurde blockiert. Erlauben Sie Pop-ups für diese Website und versuchen Sie es erneut.',
  popup_blocked_in_frame: 'Die Website, in die diese Seite eingebettet ist, lässt sie keine Fenster öffnen. Öffnen Sie diese Seite in einem eigenen Tab und versuchen Sie es erneut.',
  network: 'Der Server ist nicht erreichbar.' + AGAIN,
  backend_error: 'Der Server konnte die Verbindung nicht starten.' + AGAIN,
  invalid_session: 'Der Server hat unerwartet geantwortet.' + AGAIN,
  session_failed: 'Die Verbindung wurde nicht abgeschlossen.' + AGAIN,
  session_expired: 'Die Verbindung hat zu lange gedauert und ist abgelaufen.' + AGAIN,
  timeout: 'Die Verbindung hat zu lange gedauert.' + AGAIN,
  iframe_failed: 'Die Einrichtungsseite wurde nicht geladen.' + AGAIN,
  unconfirmed: 'Die Verbindung konnte nicht bestätigt werden.' + AGAIN,
  rate_limited: 'Zu viele Versuche. Bitte versuchen Sie es in {seconds} s erneut.',
} satisfies MetorialConnectMessages;
