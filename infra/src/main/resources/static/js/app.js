import {Session, describe} from './api.js';
import {h, clear} from './dom.js';
import {ChatView} from './chat.js';
import {AdminView} from './admin.js';
import {KnowledgeView} from './knowledge.js';
import {UsageMeter} from './usage.js';

/**
 * Boots the single page: theme, sign-in, and a hash router (#/, #/c/{id}?leaf=…, #/knowledge/{id}, #/admin/{tab}/…),
 * so every screen has an address that survives a reload and works with the browser's back button.
 */
const CHAT_ROLES = ['guest', 'member', 'tenant-admin'];
const ADMIN_ROLES = ['tenant-admin', 'platform-admin', 'auditor'];

const session = new Session();
const main = document.getElementById('main');
const noticeArea = document.getElementById('notice');

const notify = {
  error(error) {
    show(typeof error === 'string' ? error : describe(error), 'error');
  },
  info(message, ...actions) {
    show(message, 'info', ...actions);
  },
  clear() {
    noticeArea.hidden = true;
    noticeArea.replaceChildren();
  },
};

function show(message, kind, ...actions) {
  clear(noticeArea, h('span', {class: 'notice-text'}, message), ...actions,
    h('button', {type: 'button', class: 'ghost', 'aria-label': 'Dismiss', onclick: notify.clear}, '×'));
  noticeArea.dataset.kind = kind;
  noticeArea.hidden = false;
}

const usage = new UsageMeter(session, document.getElementById('usage-meter'),
  document.getElementById('usage-warning'));
const views = {chat: new ChatView(session, {notify, usage}), knowledge: new KnowledgeView(session, {notify}),
  admin: new AdminView(session, {notify})};
let current = null;

function route() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  return {parts, params: new URLSearchParams(query)};
}

async function render() {
  if (!session.claims) {
    return signInScreen();
  }
  const {parts, params} = route();
  const canChat = session.hasRole(...CHAT_ROLES);
  const canAdmin = session.hasRole(...ADMIN_ROLES);
  let name = parts[0] === 'admin' || !canChat ? 'admin' : parts[0] === 'knowledge' ? 'knowledge' : 'chat';
  if (name === 'admin' && !canAdmin) name = 'chat';
  document.getElementById('nav-chat').hidden = !canChat;
  document.getElementById('nav-knowledge').hidden = !canChat;
  document.getElementById('nav-admin').hidden = !canAdmin;
  for (const link of document.querySelectorAll('#nav a')) {
    link.toggleAttribute('aria-current', link.id === 'nav-' + name);
  }
  if (current !== views[name]) {
    current?.leave?.();
    current = views[name];
    current.mount(main);
  }
  if (name === 'chat') await current.show({id: parts[0] === 'c' ? parts[1] : null, leaf: params.get('leaf')});
  else if (name === 'knowledge') await current.show({id: parts[1]});
  else await current.show({tab: parts[1], id: parts[2]});
}

function signedInChrome() {
  const signedIn = Boolean(session.claims);
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
  document.getElementById('whoami').textContent = signedIn
    ? `${session.username} · ${session.claims.tenant}` : '';
  if (signedIn && session.hasRole(...CHAT_ROLES)) usage.refresh();
  else usage.hide();
}

function signInScreen() {
  current?.leave?.();
  current = null;
  signedInChrome();
  const error = h('p', {class: 'form-error', role: 'alert', id: 'sign-in-error'});
  const username = h('input', {id: 'username', name: 'username', autocomplete: 'username', required: true});
  const password = h('input', {id: 'password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true});
  const form = h('form', {class: 'sign-in card', 'aria-labelledby': 'sign-in-title'},
    h('h1', {id: 'sign-in-title'}, 'Sign in to Colloquy'),
    h('label', {for: 'username'}, 'Username'), username,
    h('label', {for: 'password'}, 'Password'), password,
    error,
    h('button', {type: 'submit', class: 'primary'}, 'Sign in'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.textContent = '';
    try {
      await session.signIn(username.value.trim(), password.value);
      signedInChrome();
      await render();
    } catch (failure) {
      error.textContent = describe(failure);
      password.select();
    }
  });
  clear(main, form);
  username.focus();
}

/** The toggle keeps its name; only its pressed state says which theme is on. */
function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  document.getElementById('theme-toggle').setAttribute('aria-pressed', String(theme === 'dark'));
}

const savedTheme = localStorage.getItem('colloquy.theme');
applyTheme(savedTheme ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
document.getElementById('theme-toggle').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  localStorage.setItem('colloquy.theme', next);
  applyTheme(next);
});

document.getElementById('sign-out').addEventListener('click', async () => {
  await session.signOut();
  location.hash = '#/';
  signInScreen();
});

session.onSignedOut = () => {
  notify.error('Your session has ended. Please sign in again.');
  signInScreen();
};

// Only addresses of the form #/… are routes; others (the skip link's #main) are left to the browser.
window.addEventListener('hashchange', () => {
  if (location.hash === '' || location.hash.startsWith('#/')) render().catch(notify.error);
});

(async () => {
  try {
    await session.resume();
  } catch (error) {
    notify.error(error);
  }
  signedInChrome();
  await render();
  document.body.dataset.ready = 'true';
})().catch(notify.error);
