// The dashboard shell: sign-in, the menu of the views the role may use, the language toggle
// and hash routing (#/map, #/statistics, #/quality, #/audit).
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { setUnauthorizedHandler } from './api';
import { errorText } from './errors';
import { clear, h } from './dom';
import { currentLanguage, setLanguage, t } from './i18n';
import { viewsFor, type ViewName } from './roles';
import { forgetSession, loadSession, signOut, type Session } from './session';
import { renderSignIn } from './views/signin';
import type { View } from './views/view';
import { renderMap } from './views/map-view';
import { renderStatistics } from './views/statistics-view';
import { renderQuality } from './views/quality-view';
import { renderAudit } from './views/audit-view';

const views: Record<ViewName, View> = {
  map: renderMap,
  statistics: renderStatistics,
  quality: renderQuality,
  audit: renderAudit,
};

const root = document.getElementById('app') as HTMLElement;
let session: Session | null = loadSession();
let cleanup: (() => void) | null = null;
let notice = '';

function currentView(allowed: ViewName[]): ViewName {
  const wanted = location.hash.replace(/^#\//, '') as ViewName;
  return allowed.includes(wanted) ? wanted : allowed[0];
}

function header(active: ViewName, allowed: ViewName[], s: Session): HTMLElement {
  const nav = h('nav', { 'data-test': 'menu' });
  for (const name of allowed) {
    nav.appendChild(
      h('a', { href: `#/${name}`, 'data-view': name, class: name === active ? 'active' : '' }, t(`nav.${name}`)),
    );
  }
  const language = h('button', { type: 'button', 'data-test': 'language' }, t('app.language'));
  language.addEventListener('click', () => {
    setLanguage(currentLanguage() === 'en' ? 'ko' : 'en');
    render();
  });
  const out = h('button', { type: 'button', 'data-test': 'sign-out' }, t('app.signOut'));
  out.addEventListener('click', async () => {
    await signOut();
    session = null;
    render();
  });
  const who = t('app.signedInAs', { name: s.user.name, role: t(`role.${s.user.role}`) });
  return h(
    'header',
    {},
    h('h1', {}, t('app.title')),
    nav,
    h('span', { class: 'who', 'data-test': 'who', 'data-role': s.user.role }, who),
    language,
    out,
  );
}

function render(): void {
  cleanup?.();
  cleanup = null;
  clear(root);
  document.documentElement.lang = currentLanguage();
  document.title = t('app.title');
  if (!session) {
    const language = h('button', { type: 'button', class: 'corner', 'data-test': 'language' }, t('app.language'));
    language.addEventListener('click', () => {
      setLanguage(currentLanguage() === 'en' ? 'ko' : 'en');
      render();
    });
    root.append(language);
    renderSignIn(root, notice, (signedIn) => {
      session = signedIn;
      notice = '';
      render();
    });
    return;
  }
  const allowed = viewsFor(session.user.role);
  const active = currentView(allowed);
  const main = h('main', { 'data-view': active });
  root.append(header(active, allowed, session), main);
  cleanup = views[active](main, session);
}

// A 401 returns to sign-in, saying why (expired, revoked, unknown session) in the user's language.
setUnauthorizedHandler((error) => {
  forgetSession();
  session = null;
  notice = errorText(error, '');
  render();
});
window.addEventListener('hashchange', render);
render();
