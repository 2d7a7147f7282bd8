// Turns a failed request into a message for the user. Every public error code of the server's
// catalogue (docs/api.md, "Errors"; src/server/error_catalogue.cc) has its own translated
// message; the server's own text (English, often naming the field or limit) is kept as a
// secondary detail line. A code the catalogue does not list falls back on the HTTP status.
import { ApiError } from './api';
import { t, type MessageKey } from './i18n';
import { append, h } from './dom';

/** The public codes of docs/api.md's error catalogue, in its order. */
export const publicErrorCodes = [
  'bad_request',
  'malformed_json',
  'body_too_large',
  'header_too_large',
  'bad_http',
  'no_token',
  'unknown_session',
  'session_expired',
  'session_revoked',
  'bad_credentials',
  'account_locked',
  'account_disabled',
  'forbidden',
  'purpose_required',
  'no_route',
  'not_found',
  'conflict',
  'failed_precondition',
  'rejected',
  'unsupported_media',
  'audit_unavailable',
  'not_implemented',
  'internal',
] as const;

export type PublicErrorCode = (typeof publicErrorCodes)[number];

// `error.<code>` must be a key of both dictionaries: tsc fails on a code without a message.
const messageKey: { [C in PublicErrorCode]: `error.${C}` & MessageKey } = Object.fromEntries(
  publicErrorCodes.map((code) => [code, `error.${code}`]),
) as { [C in PublicErrorCode]: `error.${C}` & MessageKey };

function isPublicCode(code: string): code is PublicErrorCode {
  return (publicErrorCodes as readonly string[]).includes(code);
}

/** The status-only fallback for an answer whose code the catalogue does not list. */
function byStatus(status: number): MessageKey | null {
  if (status === 401) return 'error.session';
  if (status === 403) return 'error.forbidden';
  if (status === 404) return 'error.not_found';
  if (status === 501) return 'error.not_implemented';
  if (status >= 500) return 'error.internal';
  return null;
}

/** The translated main message; `what` names what was being loaded or done. */
export function errorText(error: unknown, what: string): string {
  if (error instanceof ApiError) {
    const key = isPublicCode(error.code) ? messageKey[error.code] : byStatus(error.status);
    return key ? t(key, { what }) : t('error.unknown', { status: error.status, what });
  }
  // fetch() rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return t('error.network', { what });
  return t('error.generic', { message: String(error) });
}

/** The server's own message for a failed request, or '' when it said nothing more. */
export function errorDetail(error: unknown): string {
  if (!(error instanceof ApiError)) return '';
  const detail = error.message.trim();
  return detail && detail !== error.code ? `${error.code}: ${detail}` : '';
}

/** The main message and, beneath it, the server's detail; fills `element` (cleared first). */
export function fillError(element: HTMLElement, error: unknown, what: string): void {
  const detail = errorDetail(error);
  element.replaceChildren();
  append(
    element,
    h('div', { 'data-test': 'error-text' }, errorText(error, what)),
    detail ? h('div', { class: 'detail', 'data-test': 'error-detail' }, t('error.detail', { detail })) : null,
  );
  element.dataset.code = error instanceof ApiError ? error.code : '';
}

/** A message box; `data-status` and `data-code` carry the HTTP status and public code. */
export function errorBox(error: unknown, what: string): HTMLElement {
  const status = error instanceof ApiError ? String(error.status) : '0';
  const box = h('div', { class: 'message error', role: 'alert', 'data-status': status });
  fillError(box, error, what);
  return box;
}
