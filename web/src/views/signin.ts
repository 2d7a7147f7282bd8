// The sign-in form (POST /api/v1/auth/sign-in); errors such as bad_credentials or
// account_locked are shown in the user's language, the server's own text beneath.
import { h } from '../dom';
import { fillError } from '../errors';
import { t } from '../i18n';
import { signIn, type Session } from '../session';

export function renderSignIn(root: HTMLElement, notice: string, done: (s: Session) => void): void {
  const name = h('input', { name: 'name', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, t('signin.submit'));
  const message = h('div', { class: notice ? 'message error' : 'message', role: 'alert', 'data-test': 'signin-message' }, notice);
  const form = h(
    'form',
    { class: 'signin', 'data-test': 'signin' },
    h('h1', {}, t('app.title')),
    h('h2', {}, t('signin.title')),
    h('label', {}, t('signin.name'), name),
    h('label', {}, t('signin.password'), password),
    submit,
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    submit.textContent = t('signin.busy');
    try {
      done(await signIn(name.value.trim(), password.value));
    } catch (error) {
      message.className = 'message error';
      fillError(message, error, t('signin.title'));
      submit.disabled = false;
      submit.textContent = t('signin.submit');
    }
  });
  root.append(form);
  name.focus();
}
