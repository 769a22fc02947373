import {ApiError, api, get} from './api.js';
import {fill, h} from './dom.js';
import * as highAvailability from './pages/high-availability.js';
import * as webServer from './pages/web-server.js';
import * as database from './pages/database.js';
import * as cluster from './pages/cluster.js';
import * as configuration from './pages/configuration.js';
import * as jobs from './pages/jobs.js';

/**
 * The System Console: sign-in, the left navigation and client-side routing by the path under
 * /admin_console (the node serves index.html for every such path, so a reload or a pasted
 * link opens the same page). Pages poll every refresh interval: ?refresh_ms=N, else the body's
 * data-refresh-ms, so a test can poll every second.
 */
const BASE = '/admin_console';
const DEFAULT_PAGE = '/environment/high_availability';
const PAGES = [
  {section: 'Environment', path: '/environment/high_availability', title: 'High Availability', page: highAvailability},
  {section: 'Environment', path: '/environment/web_server', title: 'Web Server', page: webServer},
  {section: 'Environment', path: '/environment/database', title: 'Database', page: database},
  {section: 'Cluster', path: '/cluster/pekko', title: 'Members, shards and singletons', page: cluster},
  {section: 'Jobs', path: '/jobs', title: 'Jobs', page: jobs},
  {section: 'Configuration', path: '/configuration', title: 'Settings', page: configuration},
];

const app = document.getElementById('app');
const ctx = {
  refreshMs: refreshInterval(),
  readOnly: config => Boolean(config && config.ClusterSettings && config.ClusterSettings.Enable && config.ClusterSettings.ReadOnlyConfig),
};
let cleanup = () => {};

function refreshInterval() {
  const fromQuery = Number(new URLSearchParams(location.search).get('refresh_ms'));
  const fromBody = Number(document.body.dataset.refreshMs);
  const ms = fromQuery > 0 ? fromQuery : fromBody > 0 ? fromBody : 5000;
  return Math.max(250, ms);
}

async function start() {
  let me;
  try {
    me = await get('/users/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return showLogin();
    return fill(app, h('div', {class: 'centered'}, h('div', {class: 'banner error'}, 'The server did not answer: ', e.message)));
  }
  if (!(me.roles || '').split(' ').includes('system_admin')) return showNotAdmin(me);
  showConsole(me);
}

function showLogin(message) {
  cleanup();
  const login = h('input', {id: 'login-id', name: 'login_id', autocomplete: 'username', required: true, autofocus: true});
  const password = h('input', {id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const error = h('div', {class: 'result failure', id: 'login-error', role: 'alert'}, message || '');
  const form = h('form', {class: 'card login', id: 'login-form'},
    h('h1', {}, 'System Console'),
    h('p', {class: 'hint'}, 'Sign in as a system admin.'),
    h('label', {class: 'field'}, h('span', {}, 'Email or username'), login),
    h('label', {class: 'field'}, h('span', {}, 'Password'), password),
    h('button', {class: 'btn primary', type: 'submit', id: 'login-submit'}, 'Sign in'),
    error);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(error);
    try {
      await api('POST', '/users/login', {login_id: login.value, password: password.value});
      start();
    } catch (e) {
      fill(error, e.message);
    }
  });
  fill(app, h('div', {class: 'centered'}, form));
}

function showNotAdmin(me) {
  fill(app, h('div', {class: 'centered'}, h('div', {class: 'card', id: 'not-admin'},
    h('h1', {}, 'System Console'),
    h('p', {}, 'You are signed in as ', h('strong', {}, me.username), ', who is not a system admin.'),
    h('p', {}, 'You need to be a system admin to use the System Console.'),
    h('button', {class: 'btn', id: 'sign-out', onclick: signOut}, 'Sign out'))));
}

async function signOut() {
  cleanup();
  try {
    await api('POST', '/users/logout', {});
  } finally {
    history.pushState(null, '', BASE + location.search);
    showLogin('Signed out.');
  }
}

function showConsole(me) {
  const nav = h('nav', {class: 'sidebar'});
  let section = null;
  for (const p of PAGES) {
    if (p.section !== section) {
      section = p.section;
      nav.append(h('div', {class: 'nav-section'}, section));
    }
    nav.append(h('a', {href: BASE + p.path + location.search, class: 'nav-link', dataset: {path: p.path},
      onclick: event => {
        event.preventDefault();
        navigate(p.path);
      }}, p.title));
  }
  const readOnlyBanner = h('div', {class: 'readonly-slot'});
  const main = h('main', {class: 'content', id: 'content'});
  fill(app,
    h('header', {class: 'topbar'},
      h('span', {class: 'brand'}, 'Chorus System Console'),
      h('span', {class: 'who'}, 'Signed in as ', h('strong', {id: 'signed-in-as'}, me.username)),
      h('button', {class: 'btn', id: 'sign-out', onclick: signOut}, 'Sign out')),
    h('div', {class: 'layout'}, nav, h('div', {class: 'main-column'}, readOnlyBanner, main)));

  // Read-only is a property of the whole console: the banner is on every page.
  get('/config').then(config => {
    if (ctx.readOnly(config)) {
      fill(readOnlyBanner, h('div', {class: 'banner warn', id: 'readonly-banner'},
        'This console is read-only: ClusterSettings.ReadOnlyConfig is on, so settings are changed in config.json on every node.'));
    }
  }).catch(() => {});

  window.onpopstate = () => route(nav, main);
  route(nav, main);

  function navigate(path) {
    history.pushState(null, '', BASE + path + location.search);
    route(nav, main);
  }
}

function route(nav, main) {
  cleanup();
  let path = location.pathname.slice(BASE.length).replace(/\/$/, '');
  let target = PAGES.find(p => p.path === path);
  if (!target) {
    path = DEFAULT_PAGE;
    target = PAGES.find(p => p.path === path);
    history.replaceState(null, '', BASE + path + location.search);
  }
  for (const link of nav.querySelectorAll('.nav-link')) link.classList.toggle('active', link.dataset.path === path);
  document.title = target.title + ' - System Console';
  cleanup = target.page.render(main, ctx) || (() => {});
}

start();
