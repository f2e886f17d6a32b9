import type { MetorialConnectMessages } from '../messages.js';

const AGAIN = ' Veuillez réessayer.';

export default {
  connect: 'Connecter',
  waiting: 'En attente de {provider}…',
  confirming: 'Confirmation…',
  connected: 'Connecté à {provider}',
  cancelled: 'Annulé',
  tryAgain: 'Réessayer',
  reconnect: 'Reconnecter',
  cancel: 'Annuler',
  close: 'Fermer',
  dialogTitle: 'Connecter {provider}',
  popOut: 'Ouvrir plutôt dans une nouvelle fenêtre',
  continue: 'Continuer vers {provider}',
  placeholder: 'Connexion à {provider}…',
  invalid_config: 'Ce bouton n’est pas configuré correctement.',
  popup_blocked: 'La fenêtre pop-up a été bloquée. Autorisez les pop-ups pour ce site et réessayez.',
  popup_blocked_in_frame: 'Le site dans lequel cette page est intégrée ne la laisse pas ouvrir de fenêtres. Ouvrez cette page dans son propre onglet et réessayez.',
  network: 'Impossible de joindre le serveur.' + AGAIN,
  backend_error: 'Le serveur n’a pas pu démarrer la connexion.' + AGAIN,
  invalid_session: 'Le serveur a envoyé une réponse inattendue.' + AGAIN,
  session_failed: 'La connexion n’a pas abouti.' + AGAIN,
  session_expired: 'La connexion a pris trop de temps et a expiré.' + AGAIN,
  timeout: 'La connexion a pris trop de temps.' + AGAIN,
  iframe_failed: 'La page de configuration ne s’est pas chargée.' + AGAIN,
  unconfirmed: 'La connexion n’a pas pu être confirmée.' + AGAIN,
  rate_limited: 'Trop de tentatives. Veuillez réessayer dans {seconds} s.',
} satisfies MetorialConnectMessages;
