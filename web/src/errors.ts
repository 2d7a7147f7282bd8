// Turns a failed request into a message for the user: 403 `forbidden` says the role may not
// see it, 501 `not_implemented` that the server does not offer it yet.
import { ApiError } from './api';
import { t, type MessageKey } from './i18n';
import { h } from './dom';

export function errorText(error: unknown, what: string): string {
  if (error instanceof ApiError) {
    if (error.status === 403 && error.code === 'forbidden') return t('error.forbidden', { what });
    if (error.status === 401) return t('error.session');
    if (error.status === 501) return t('error.not_implemented', { what });
    if (error.status === 404) return t('error.not_found', { what });
    const key = `error.${error.code}` as MessageKey;
    if (['bad_credentials', 'account_locked', 'account_disabled'].includes(error.code)) return t(key);
    return t('error.generic', { message: `${error.status} ${error.code}: ${error.message}` });
  }
  return t('error.generic', { message: String(error) });
}

/** A message box; `data-status` carries the HTTP status for tests and styling. */
export function errorBox(error: unknown, what: string): HTMLElement {
  const status = error instanceof ApiError ? String(error.status) : '0';
  return h('div', { class: 'message error', role: 'alert', 'data-status': status }, errorText(error, what));
}
