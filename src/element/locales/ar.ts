import type { MetorialConnectMessages } from '../messages.js';

const AGAIN = ' يُرجى المحاولة مرة أخرى.';

export default {
  connect: 'اتصال',
  waiting: 'في انتظار {provider}…',
  confirming: 'جارٍ التأكيد…',
  connected: 'تم الاتصال بـ {provider}',
  cancelled: 'تم الإلغاء',
  tryAgain: 'إعادة المحاولة',
  reconnect: 'إعادة الاتصال',
  cancel: 'إلغاء',
  close: 'إغلاق',
  dialogTitle: 'ربط {provider}',
  popOut: 'الفتح في نافذة جديدة بدلاً من ذلك',
  continue: 'المتابعة إلى {provider}',
  placeholder: 'جارٍ الاتصال بـ {provider}…',
  invalid_config: 'لم يتم إعداد هذا الزر بشكل صحيح.',
  popup_blocked: 'تم حظر النافذة المنبثقة. اسمح بالنوافذ المنبثقة لهذا الموقع وحاول مرة أخرى.',
  popup_blocked_in_frame: 'الموقع الذي تُضمَّن فيه هذه الصفحة لا يسمح لها بفتح نوافذ. افتح هذه الصفحة في علامة تبويب خاصة بها وحاول مرة أخرى.',
  network: 'تعذّر الوصول إلى الخادم.' + AGAIN,
  backend_error: 'تعذّر على الخادم بدء الاتصال.' + AGAIN,
  invalid_session: 'أرسل الخادم ردًا غير متوقع.' + AGAIN,
  session_failed: 'لم يكتمل الاتصال.' + AGAIN,
  session_expired: 'استغرق الاتصال وقتًا طويلاً وانتهت صلاحيته.' + AGAIN,
  timeout: 'استغرق الاتصال وقتًا طويلاً.' + AGAIN,
  iframe_failed: 'لم يتم تحميل صفحة الإعداد.' + AGAIN,
  unconfirmed: 'تعذّر تأكيد الاتصال.' + AGAIN,
  rate_limited: 'محاولات كثيرة جدًا. يُرجى المحاولة مرة أخرى بعد {seconds} ثانية.',
} satisfies MetorialConnectMessages;
