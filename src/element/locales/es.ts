import type { MetorialConnectMessages } from '../messages.js';

const AGAIN = ' Inténtalo de nuevo.';

export default {
  connect: 'Conectar',
  waiting: 'Esperando a {provider}…',
  confirming: 'Confirmando…',
  connected: 'Conectado a {provider}',
  cancelled: 'Cancelado',
  tryAgain: 'Reintentar',
  reconnect: 'Volver a conectar',
  cancel: 'Cancelar',
  close: 'Cerrar',
  dialogTitle: 'Conectar {provider}',
  popOut: 'Abrir en una ventana nueva',
  continue: 'Continuar a {provider}',
  placeholder: 'Conectando con {provider}…',
  invalid_config: 'Este botón no está configurado correctamente.',
  popup_blocked: 'Se bloqueó la ventana emergente. Permite las ventanas emergentes en este sitio e inténtalo de nuevo.',
  popup_blocked_in_frame: 'El sitio en el que está insertada esta página no le permite abrir ventanas. Abre esta página en su propia pestaña e inténtalo de nuevo.',
  network: 'No se pudo contactar con el servidor.' + AGAIN,
  backend_error: 'El servidor no pudo iniciar la conexión.' + AGAIN,
  invalid_session: 'El servidor envió una respuesta inesperada.' + AGAIN,
  session_failed: 'La conexión no se completó.' + AGAIN,
  session_expired: 'La conexión tardó demasiado y caducó.' + AGAIN,
  timeout: 'La conexión tardó demasiado.' + AGAIN,
  iframe_failed: 'La página de configuración no se cargó.' + AGAIN,
  unconfirmed: 'No se pudo confirmar la conexión.' + AGAIN,
  rate_limited: 'Demasiados intentos. Vuelva a intentarlo en {seconds} s.',
} satisfies MetorialConnectMessages;
