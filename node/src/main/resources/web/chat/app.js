// The chat page: sign-in, teams, channels, posts, typing and presence, kept live by one
// WebSocket. It holds only what the screen shows; after a reconnect that could not resume
// (a hello with a new connection id) it refetches that from the API, so nothing is missed.
import { api, ApiError } from './api.js';
import { ChatSocket } from './socket.js';
import { $, h, show } from '../common/dom.js';
import { PostList } from './posts.js';

const TYPING_SHOWN_MS = 5000;
const TYPING_SEND_EVERY_MS = 2000;
const STATUS_POLL_MS = 20000;
const ACTIVE_EVERY_MS = 60000;

const state = {
  me: null,
  teams: [],
  teamId: '',
  channels: [],
  unread: new Set(),
  channelId: '',
  users: new Map(),
  statuses: new Map(),
  people: [],
  typing: new Map(), // user id -> timer
  lastTypingSent: 0,
  lastActiveSent: 0,
};

const posts = new PostList($('posts'), (id) => state.users.get(id));
const socket = new ChatSocket({
  onEvent: onSocketEvent,
  onState: showConnection,
  onResync: () => {
    // The server could not resume our connection: events may be lost, so reload what is shown.
    loadTeams().catch(report);
  },
  onFailures: (count) => {
    if (count >= 2) {
      api.me().catch((e) => {
        if (e.status === 401) {
          sessionEnded();
        }
      });
    }
  },
});
let statusTimer = null;

// ---- sign-in ---------------------------------------------------------------------------

function showLogin(message) {
  show($('chat-view'), false);
  show($('login-view'), true);
  $('auth-error').textContent = message || '';
  $('login-id').focus();
}

function sessionEnded() {
  leaveChat();
  showLogin('Your session has ended. Sign in again.');
}

function leaveChat() {
  socket.stop();
  clearInterval(statusTimer);
  state.me = null;
  state.teamId = '';
  state.channelId = '';
  posts.clear();
}

async function signIn(event) {
  event.preventDefault();
  $('auth-error').textContent = '';
  try {
    const me = await api.login($('login-id').value.trim(), $('login-password').value);
    await enterChat(me);
  } catch (e) {
    $('auth-error').textContent = e.message;
  }
}

async function signUp() {
  $('auth-error').textContent = '';
  const username = $('login-id').value.trim();
  const email = $('signup-email').value.trim();
  const password = $('login-password').value;
  if (!username || !email || !password) {
    $('auth-error').textContent = 'A new account needs a username, an e-mail address and a password.';
    return;
  }
  try {
    await api.signUp(username, email, password);
    await enterChat(await api.login(username, password));
  } catch (e) {
    $('auth-error').textContent = e.message;
  }
}

async function logOut() {
  try {
    await api.logout();
  } catch (e) {
    // The session is gone either way once the cookies are cleared.
  }
  leaveChat();
  showLogin();
}

async function enterChat(me) {
  state.me = me;
  state.users.set(me.id, me);
  show($('login-view'), false);
  show($('chat-view'), true);
  $('login-password').value = '';
  renderMe();
  socket.start();
  clearInterval(statusTimer);
  statusTimer = setInterval(() => refreshStatuses(), STATUS_POLL_MS);
  await loadTeams();
}

// ---- teams -----------------------------------------------------------------------------

async function loadTeams(preferred) {
  state.teams = (await api.myTeams()).sort((a, b) => a.display_name.localeCompare(b.display_name));
  const select = $('team-select');
  select.replaceChildren(...state.teams.map((t) => h('option', { value: t.id }, t.display_name)));
  const remembered = localStorage.getItem('chorus.team');
  const pick = [preferred, state.teamId, remembered].find((id) => id && state.teams.some((t) => t.id === id))
    || (state.teams[0] && state.teams[0].id) || '';
  select.value = pick;
  await selectTeam(pick);
}

async function selectTeam(teamId) {
  state.teamId = teamId;
  const team = state.teams.find((t) => t.id === teamId);
  show($('empty-hint'), !team);
  show($('composer'), !!team);
  $('teams-panel').open = !team; // someone with no team starts by making or joining one
  browseTeams().catch(report);
  if (!team) {
    $('team-info').replaceChildren();
    $('channel-title').textContent = 'No team yet';
    state.channels = [];
    state.channelId = '';
    posts.clear();
    renderChannels();
    return;
  }
  localStorage.setItem('chorus.team', teamId);
  $('team-info').replaceChildren(h('div', {}, 'Team ID: ', h('code', { id: 'team-id' }, team.id)),
    ...(team.invite_id ? [h('div', {}, 'Invite ID: ', h('code', { id: 'invite-id' }, team.invite_id))] : []));
  await reloadTeam();
}

/** Everything shown for the current team, fetched again: on team change and after a lost resume. */
async function reloadTeam() {
  if (!state.teamId) {
    return;
  }
  await Promise.all([loadChannels(), loadPeople()]);
}

async function browseTeams() {
  if (!$('teams-panel').open || !state.me) {
    return;
  }
  const mine = new Set(state.teams.map((t) => t.id));
  const others = (await api.allTeams()).filter((t) => !mine.has(t.id));
  $('open-teams').replaceChildren(...others.map((t) =>
    h('li', { dataset: { teamId: t.id }, onclick: () => joinTeamById(t.id) },
      h('span', { class: 'name' }, t.display_name), h('button', { type: 'button', class: 'link' }, 'Join'))));
}

async function joinTeamById(teamId) {
  try {
    await api.joinTeam(teamId, state.me.id);
    await loadTeams(teamId);
  } catch (e) {
    report(e);
  }
}

async function createTeam(event) {
  event.preventDefault();
  const displayName = $('new-team-name').value.trim();
  try {
    const team = await api.createTeam(slug(displayName, 'team'), displayName);
    $('new-team-name').value = '';
    await loadTeams(team.id);
  } catch (e) {
    report(e);
  }
}

async function joinTeam(event) {
  event.preventDefault();
  const id = $('join-team-id').value.trim();
  try {
    let member;
    try {
      member = await api.joinTeamByInvite(id);
    } catch (e) {
      if (e.status !== 404 && e.status !== 400) {
        throw e;
      }
      member = await api.joinTeam(id, state.me.id);
    }
    $('join-team-id').value = '';
    await loadTeams(member.team_id);
  } catch (e) {
    report(e);
  }
}

// ---- channels --------------------------------------------------------------------------

async function loadChannels() {
  const teamId = state.teamId;
  if (!teamId) {
    return; // events can come before the first team is chosen
  }
  const [channels, members] = await Promise.all([api.myChannels(teamId), api.myChannelMembers(teamId)]);
  if (teamId !== state.teamId) {
    return;
  }
  const counts = new Map(members.map((m) => [m.channel_id, m.msg_count]));
  state.channels = channels.filter((c) => c.delete_at === 0);
  state.unread = new Set(state.channels
    .filter((c) => counts.has(c.id) && c.total_msg_count > counts.get(c.id))
    .map((c) => c.id));
  await fetchUsers(state.channels.filter((c) => c.type === 'D').map(dmPartner));
  const remembered = localStorage.getItem('chorus.channel.' + teamId);
  const known = (id) => id && state.channels.some((c) => c.id === id);
  const townSquare = state.channels.find((c) => c.name === 'town-square');
  const pick = [state.channelId, remembered].find(known)
    || (townSquare && townSquare.id) || (state.channels[0] && state.channels[0].id) || '';
  await openChannel(pick);
}

function dmPartner(channel) {
  const [a, b] = channel.name.split('__');
  return a === state.me.id ? b : a;
}

function channelName(channel) {
  if (channel.type === 'D') {
    const user = state.users.get(dmPartner(channel));
    return user ? '@' + user.username : 'Direct message';
  }
  return channel.display_name || channel.name;
}

async function openChannel(channelId) {
  state.channelId = channelId;
  state.unread.delete(channelId);
  clearTyping();
  renderChannels();
  const channel = state.channels.find((c) => c.id === channelId);
  $('channel-title').textContent = channel ? (channel.type === 'O' ? '~ ' : '') + channelName(channel) : '';
  show($('composer'), !!channel);
  if (!channel) {
    posts.clear();
    return;
  }
  localStorage.setItem('chorus.channel.' + state.teamId, channelId);
  await loadPosts();
  markViewed();
}

async function loadPosts() {
  const channelId = state.channelId;
  const list = await api.posts(channelId);
  if (channelId !== state.channelId) {
    return;
  }
  const all = list.order.map((id) => list.posts[id]);
  await fetchUsers(all.map((p) => p.user_id));
  posts.replace(channelId, all);
}

function markViewed() {
  if (state.channelId && document.visibilityState === 'visible') {
    api.view(state.channelId).catch(() => {});
  }
}

async function createChannel(event) {
  event.preventDefault();
  const displayName = $('new-channel-name').value.trim();
  try {
    const channel = await api.createChannel(state.teamId, slug(displayName, 'channel'), displayName);
    $('new-channel-name').value = '';
    state.channelId = channel.id;
    await loadChannels();
  } catch (e) {
    report(e);
  }
}

async function browseChannels() {
  if (!$('browse-panel').open || !state.teamId) {
    return;
  }
  const joined = new Set(state.channels.map((c) => c.id));
  const others = (await api.publicChannels(state.teamId)).filter((c) => !joined.has(c.id));
  $('browse-list').replaceChildren(...(others.length
    ? others.map((c) => h('li', { dataset: { channelId: c.id }, onclick: () => joinChannel(c.id) },
      h('span', { class: 'name' }, '~ ' + c.display_name), h('button', { type: 'button', class: 'link' }, 'Join')))
    : [h('li', { class: 'hint' }, 'No other public channels.')]));
}

async function joinChannel(channelId) {
  try {
    await api.joinChannel(channelId, state.me.id);
    state.channelId = channelId;
    await loadChannels();
    await browseChannels();
  } catch (e) {
    report(e);
  }
}

async function openDirect(userId) {
  try {
    const channel = await api.direct(state.me.id, userId);
    state.channelId = channel.id;
    await loadChannels();
  } catch (e) {
    report(e);
  }
}

// ---- people and presence ---------------------------------------------------------------

async function loadPeople() {
  const teamId = state.teamId;
  if (!teamId) {
    return;
  }
  const found = await api.teamMembers(teamId);
  if (teamId !== state.teamId) {
    return;
  }
  state.people = found.users.sort((a, b) => a.username.localeCompare(b.username));
  state.people.forEach((u) => state.users.set(u.id, u));
  renderPeople();
  await refreshStatuses();
}

async function fetchUsers(ids) {
  const missing = [...new Set(ids)].filter((id) => id && !state.users.has(id));
  if (missing.length) {
    (await api.usersByIds(missing)).forEach((u) => state.users.set(u.id, u));
  }
}

async function refreshStatuses(extra = []) {
  if (!state.me) {
    return;
  }
  const ids = [...new Set([state.me.id, ...state.people.map((u) => u.id), ...extra])];
  let statuses;
  try {
    const byUser = await socket.request('get_statuses_by_ids', { user_ids: ids });
    statuses = Object.entries(byUser).map(([user_id, status]) => ({ user_id, status }));
  } catch (e) {
    statuses = await api.statuses(ids).catch(() => []);
  }
  const seen = new Set();
  for (const s of statuses) {
    state.statuses.set(s.user_id, s.status);
    seen.add(s.user_id);
  }
  ids.filter((id) => !seen.has(id)).forEach((id) => state.statuses.set(id, 'offline'));
  renderDots();
}

function dot(userId) {
  return h('span', { class: 'dot ' + (state.statuses.get(userId) || 'offline'), dataset: { userId },
    title: state.statuses.get(userId) || 'offline' });
}

function renderDots() {
  document.querySelectorAll('.dot[data-user-id]').forEach((el) => {
    const status = state.statuses.get(el.dataset.userId) || 'offline';
    el.className = 'dot ' + status;
    el.title = status;
  });
}

/** Someone reading without posting is still there: tell the server, at most once a minute, so they do not turn away. */
function userActive() {
  const now = Date.now();
  if (state.me && now - state.lastActiveSent > ACTIVE_EVERY_MS) {
    state.lastActiveSent = now;
    socket.request('user_update_active_status', { user_is_active: true, manual: false }).catch(() => {});
  }
}

// ---- typing ----------------------------------------------------------------------------

function onComposerInput() {
  const now = Date.now();
  if (state.channelId && now - state.lastTypingSent > TYPING_SEND_EVERY_MS) {
    state.lastTypingSent = now;
    socket.typing(state.channelId);
  }
}

function someoneTyping(userId) {
  clearTimeout(state.typing.get(userId));
  state.typing.set(userId, setTimeout(() => stoppedTyping(userId), TYPING_SHOWN_MS));
  fetchUsers([userId]).then(renderTyping, () => {});
}

function stoppedTyping(userId) {
  clearTimeout(state.typing.get(userId));
  if (state.typing.delete(userId)) {
    renderTyping();
  }
}

function clearTyping() {
  state.typing.forEach((timer) => clearTimeout(timer));
  state.typing.clear();
  renderTyping();
}

function renderTyping() {
  const names = [...state.typing.keys()].map((id) => (state.users.get(id) || { username: 'someone' }).username);
  $('typing').textContent = names.length === 0 ? ''
    : names.length === 1 ? `${names[0]} is typing…` : `${names.join(', ')} are typing…`;
}

// ---- posting ---------------------------------------------------------------------------

async function sendPost(event) {
  event.preventDefault();
  const text = $('message').value;
  if (!text.trim() || !state.channelId) {
    return;
  }
  $('message').value = '';
  const pendingId = `${state.me.id}:${Date.now()}`;
  const channelId = state.channelId;
  posts.addPending(channelId, { pending_post_id: pendingId, user_id: state.me.id, message: text, create_at: Date.now() });
  try {
    const post = await api.createPost(channelId, text, pendingId);
    posts.add(channelId, post);
  } catch (e) {
    posts.fail(channelId, pendingId, e.message);
    report(e);
  }
}

// ---- events ----------------------------------------------------------------------------

function parsePost(msg) {
  try {
    return JSON.parse(msg.data.post);
  } catch (e) {
    return null;
  }
}

const channelEvents = new Set(['channel_created', 'channel_updated', 'channel_deleted', 'channel_restored',
  'direct_added', 'group_added']);

function onSocketEvent(msg) {
  const data = msg.data || {};
  const channelId = (msg.broadcast && msg.broadcast.channel_id) || data.channel_id || '';
  switch (msg.event) {
    case 'hello':
      refreshStatuses().catch(() => {});
      break;
    case 'posted': {
      const post = parsePost(msg);
      if (!post) {
        break;
      }
      if (post.channel_id === state.channelId) {
        stoppedTyping(post.user_id);
        fetchUsers([post.user_id]).then(() => posts.add(post.channel_id, post), report);
        markViewed();
      } else if (state.channels.some((c) => c.id === post.channel_id)) {
        if (post.user_id !== state.me.id && !post.type) {
          state.unread.add(post.channel_id);
          renderChannels();
        }
      } else if (data.channel_type === 'D' || data.channel_type === 'G' || data.team_id === state.teamId) {
        loadChannels().catch(report); // a channel we were just added to
      }
      if (post.user_id !== state.me.id && !state.statuses.has(post.user_id)) {
        refreshStatuses([post.user_id]).catch(() => {});
      }
      break;
    }
    case 'post_edited': {
      const post = parsePost(msg);
      if (post && post.channel_id === state.channelId) {
        posts.add(post.channel_id, post);
      }
      break;
    }
    case 'post_deleted': {
      const post = parsePost(msg);
      if (post && post.channel_id === state.channelId) {
        posts.remove(post.id);
      }
      break;
    }
    case 'typing':
      if (channelId === state.channelId && data.user_id !== state.me.id && !data.parent_id) {
        someoneTyping(data.user_id);
      }
      break;
    case 'status_change':
      state.statuses.set(data.user_id, data.status);
      renderDots();
      break;
    case 'multiple_channels_viewed':
      Object.keys(data.channel_times || {}).forEach((id) => state.unread.delete(id));
      renderChannels();
      break;
    case 'channel_viewed':
      state.unread.delete(data.channel_id);
      renderChannels();
      break;
    case 'user_added':
    case 'user_removed':
      if (data.user_id === state.me.id) {
        loadChannels().catch(report);
      } else if (data.team_id === state.teamId && msg.event === 'user_added'
          && !state.people.some((u) => u.id === data.user_id)) {
        loadPeople().catch(report); // someone new in the team shows up in People at once
      }
      break;
    case 'added_to_team':
    case 'leave_team':
      if (data.user_id === state.me.id) {
        loadTeams().catch(report);
      } else if (data.team_id === state.teamId) {
        loadPeople().catch(report);
      }
      break;
    default:
      if (channelEvents.has(msg.event)) {
        loadChannels().catch(report);
      }
  }
}

function showConnection(connection) {
  const el = $('conn-state');
  el.className = 'conn ' + connection;
  el.textContent = connection === 'reconnecting' ? 'reconnecting…' : connection === 'connecting' ? 'connecting…' : '';
}

// ---- rendering -------------------------------------------------------------------------

function renderMe() {
  $('me').replaceChildren(dot(state.me.id), ' ', state.me.username);
}

function channelItem(channel) {
  const classes = [channel.id === state.channelId ? 'active' : '', state.unread.has(channel.id) ? 'unread' : '']
    .filter(Boolean).join(' ');
  const label = channel.type === 'D'
    ? [dot(dmPartner(channel)), h('span', { class: 'name' }, channelName(channel))]
    : [h('span', { class: 'name' }, (channel.type === 'P' ? '🔒 ' : '~ ') + channelName(channel))];
  return h('li', { class: classes, dataset: { channelId: channel.id }, onclick: () => openChannel(channel.id).catch(report) },
    ...label);
}

function renderChannels() {
  const byName = (a, b) => channelName(a).localeCompare(channelName(b));
  $('channel-list').replaceChildren(...state.channels.filter((c) => c.type === 'O' || c.type === 'P').sort(byName)
    .map(channelItem));
  $('dm-list').replaceChildren(...state.channels.filter((c) => c.type === 'D' || c.type === 'G').sort(byName)
    .map(channelItem));
}

function renderPeople() {
  $('people-list').replaceChildren(...state.people.map((u) =>
    h('li', { dataset: { userId: u.id }, title: u.id === state.me.id ? 'you' : 'Send a direct message',
      onclick: () => (u.id === state.me.id ? null : openDirect(u.id)) },
    dot(u.id), h('span', { class: 'name' }, u.username + (u.id === state.me.id ? ' (you)' : '')))));
}

// ---- helpers ---------------------------------------------------------------------------

function slug(text, kind) {
  const s = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
  return s.length >= 2 ? s : `${kind}-${Date.now().toString(36)}`;
}

function report(e) {
  if (e instanceof ApiError && e.status === 401 && state.me) {
    sessionEnded();
    return;
  }
  $('notice').textContent = e.message || String(e);
  clearTimeout(report.timer);
  report.timer = setTimeout(() => { $('notice').textContent = ''; }, 8000);
}

// ---- wiring ----------------------------------------------------------------------------

$('login-form').addEventListener('submit', signIn);
$('signup-button').addEventListener('click', signUp);
$('logout-button').addEventListener('click', logOut);
$('team-select').addEventListener('change', (e) => selectTeam(e.target.value).catch(report));
$('new-team-form').addEventListener('submit', createTeam);
$('join-team-form').addEventListener('submit', joinTeam);
$('new-channel-form').addEventListener('submit', createChannel);
$('browse-panel').addEventListener('toggle', () => browseChannels().catch(report));
$('teams-panel').addEventListener('toggle', () => browseTeams().catch(report));
$('composer').addEventListener('submit', sendPost);
$('message').addEventListener('input', onComposerInput);
$('message').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $('composer').requestSubmit();
  }
});
document.addEventListener('visibilitychange', markViewed);
document.addEventListener('keydown', userActive);
document.addEventListener('pointerdown', userActive);

api.me().then(enterChat, (e) => showLogin(e.status === 401 ? '' : e.message));
