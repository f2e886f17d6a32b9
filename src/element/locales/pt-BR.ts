import type { MetorialConnectMessages } from '../messages.js';

const AGAIN = ' Tente novamente.';

export default {
  connect: 'Conectar',
  waiting: 'Aguardando {provider}…',
  confirming: 'Confirmando…',
  connected: 'Conectado a {provider}',
  cancelled: 'Cancelado',
  tryAgain: 'Tentar novamente',
  reconnect: 'Reconectar',
  cancel: 'Cancelar',
  close: 'Fechar',
  dialogTitle: 'Conectar {provider}',
  popOut: 'Abrir em uma nova janela',
  continue: 'Continuar para {provider}',
  placeholder: 'Conectando a {provider}…',
  invalid_config: 'Este botão não está configurado corretamente.',
  popup_blocked: 'O pop-up foi bloqueado. Permita pop-ups para este site e tente novamente.',
  popup_blocked_in_frame: 'O site em que esta página está incorporada não permite que ela abra janelas. Abra esta página em uma aba própria e tente novamente.',
  network: 'Não foi possível acessar o servidor.' + AGAIN,
  backend_error: 'O servidor não conseguiu iniciar a conexão.' + AGAIN,
  invalid_session: 'O servidor enviou uma resposta inesperada.' + AGAIN,
  session_failed: 'A conexão não foi concluída.' + AGAIN,
  session_expired: 'A conexão demorou demais e expirou.' + AGAIN,
  timeout: 'A conexão demorou demais.' + AGAIN,
  iframe_failed: 'A página de configuração não carregou.' + AGAIN,
  unconfirmed: 'Não foi possível confirmar a conexão.' + AGAIN,
  rate_limited: 'Muitas tentativas. Tente novamente em {seconds} s.',
} satisfies MetorialConnectMessages;
