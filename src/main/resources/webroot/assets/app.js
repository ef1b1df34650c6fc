// The console's shell: hash routes, the login form, role-based navigation and the language switch.

import { session, login, logout, ApiError } from './api.js';
import { t, lang, setLang } from './i18n.js';
import { el, clear } from './dom.js';
import { reviewPage } from './review.js';
import { boardPage } from './board.js';
import { countsPage } from './counts.js';
import { geometryPage } from './geometry.js';

const PAGES = { review: reviewPage, board: boardPage, counts: countsPage, geometry: geometryPage };
/** What each role works with, its usual page first. */
const NAV = {
  officer: ['review', 'counts', 'geometry'],
  coordinator: ['board', 'counts', 'geometry'],
  admin: ['review', 'board', 'counts', 'geometry']
};

const main = document.getElementById('main');
/** The page now shown; its cleanup (event streams, key handlers) runs when another replaces it. */
let current = null;

function pagesOf(role) {
  return NAV[role] || ['board', 'counts'];
}

function renderHeader(s, route) {
  const nav = clear(document.getElementById('nav'));
  const who = document.getElementById('who');
  const out = document.getElementById('logout');
  out.textContent = t('logout');
  if (!s) {
    who.textContent = '';
    out.hidden = true;
    return;
  }
  for (const p of pagesOf(s.role)) {
    nav.append(el('a', { href: '#/' + p, testid: 'nav-' + p, class: p === route ? 'active' : '' }, t('nav.' + p)));
  }
  who.textContent = s.user + ' (' + t('role.' + s.role) + ')';
  out.hidden = false;
}

function loginPage(root) {
  const user = el('input', { id: 'username', name: 'username', autocomplete: 'username', testid: 'login-user', required: true });
  const pass = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password',
    testid: 'login-password', required: true });
  const msg = el('p', { class: 'error', testid: 'login-error', role: 'alert' });
  const form = el('form', { class: 'login card', testid: 'login-form' },
    el('h1', {}, t('login.title')),
    el('label', { for: 'username' }, t('login.user')), user,
    el('label', { for: 'password' }, t('login.password')), pass,
    el('button', { type: 'submit', testid: 'login-submit' }, t('login.submit')), msg);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    msg.textContent = '';
    try {
      const s = await login(user.value, pass.value);
      location.hash = '#/' + pagesOf(s.role)[0];
    } catch (e) {
      msg.textContent = e instanceof ApiError && e.status === 429 ? t('login.locked') : t('login.failed');
    }
  });
  root.append(form);
  user.focus();
}

function route() {
  if (current && current.cleanup) current.cleanup();
  current = null;
  clear(main);
  document.title = t('app.title');
  const s = session();
  const name = (location.hash.replace(/^#\//, '').split('?')[0]) || '';
  if (!s || name === 'login') {
    renderHeader(s && name !== 'login' ? s : null, 'login');
    if (s && name === 'login') {
      location.hash = '#/' + pagesOf(s.role)[0];
      return;
    }
    loginPage(main);
    return;
  }
  const allowed = pagesOf(s.role);
  if (!allowed.includes(name)) {
    location.hash = '#/' + allowed[0];
    return;
  }
  renderHeader(s, name);
  const page = el('section', { class: 'page page-' + name, testid: 'page-' + name });
  main.append(page);
  current = PAGES[name](page, s) || null;
}

document.getElementById('lang').value = lang();
document.documentElement.lang = lang();
document.getElementById('lang').addEventListener('change', e => {
  setLang(e.target.value);
  route();
});
document.getElementById('logout').addEventListener('click', async () => {
  await logout();
  location.hash = '#/login';
});
window.addEventListener('hashchange', route);
route();
