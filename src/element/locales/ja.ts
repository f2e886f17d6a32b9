import type { MetorialConnectMessages } from '../messages.js';

const AGAIN = 'もう一度お試しください。';

export default {
  connect: '接続',
  waiting: '{provider} を待っています…',
  confirming: '確認しています…',
  connected: '{provider} に接続しました',
  cancelled: 'キャンセルしました',
  tryAgain: '再試行',
  reconnect: '再接続',
  cancel: 'キャンセル',
  close: '閉じる',
  dialogTitle: '{provider} に接続',
  popOut: '新しいウィンドウで開く',
  continue: '{provider} に進む',
  placeholder: '{provider} に接続しています…',
  invalid_config: 'このボタンは正しく設定されていません。',
  popup_blocked: 'ポップアップがブロックされました。このサイトのポップアップを許可して、もう一度お試しください。',
  popup_blocked_in_frame: 'このページを埋め込んでいるサイトが、ウィンドウを開くことを許可していません。このページを別のタブで開いて、もう一度お試しください。',
  network: 'サーバーに接続できませんでした。' + AGAIN,
  backend_error: 'サーバーが接続を開始できませんでした。' + AGAIN,
  invalid_session: 'サーバーから予期しない応答がありました。' + AGAIN,
  session_failed: '接続が完了しませんでした。' + AGAIN,
  session_expired: '接続に時間がかかりすぎたため、期限切れになりました。' + AGAIN,
  timeout: '接続に時間がかかりすぎました。' + AGAIN,
  iframe_failed: '設定ページを読み込めませんでした。' + AGAIN,
  unconfirmed: '接続を確認できませんでした。' + AGAIN,
  rate_limited: '試行回数が多すぎます。{seconds} 秒後にもう一度お試しください。',
} satisfies MetorialConnectMessages;
