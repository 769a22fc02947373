// The REST calls the chat page makes, through the shared request (cookie session, CSRF
// header, deadline).
import { request } from '../common/api.js';

export { ApiError } from '../common/api.js';

const call = (method, path, body) => request(method, path, body).then((r) => r.body);

const enc = encodeURIComponent;

export const api = {
  me: () => call('GET', '/users/me'),
  signUp: (username, email, password) => call('POST', '/users', { username, email, password }),
  login: (loginId, password) => call('POST', '/users/login', { login_id: loginId, password }),
  logout: () => call('POST', '/users/logout', {}),
  usersByIds: (ids) => call('POST', '/users/ids', ids),
  teamMembers: (teamId) => call('GET', `/users/autocomplete?in_team=${enc(teamId)}&name=&limit=200`),
  channelMembers: (teamId, channelId) =>
    call('GET', `/users/autocomplete?in_team=${enc(teamId)}&in_channel=${enc(channelId)}&name=&limit=200`),
  statuses: (ids) => call('POST', '/users/status/ids', ids),

  myTeams: () => call('GET', '/users/me/teams'),
  // Every team for a system admin; for anyone else, the ones they may join.
  allTeams: () => call('GET', '/teams?page=0&per_page=200'),
  createTeam: (name, displayName) =>
    call('POST', '/teams', { name, display_name: displayName, type: 'O', allow_open_invite: true }),
  joinTeam: (teamId, userId) => call('POST', `/teams/${enc(teamId)}/members`, { team_id: teamId, user_id: userId }),
  joinTeamByInvite: (inviteId) => call('POST', `/teams/members/invite?invite_id=${enc(inviteId)}`, {}),

  myChannels: (teamId) => call('GET', `/users/me/teams/${enc(teamId)}/channels?include_deleted=false`),
  myChannelMembers: (teamId) => call('GET', `/users/me/teams/${enc(teamId)}/channels/members`),
  publicChannels: (teamId) => call('POST', `/teams/${enc(teamId)}/channels/search`, { term: '' }),
  createChannel: (teamId, name, displayName) =>
    call('POST', '/channels', { team_id: teamId, name, display_name: displayName, type: 'O' }),
  joinChannel: (channelId, userId) => call('POST', `/channels/${enc(channelId)}/members`, { user_id: userId }),
  direct: (meId, otherId) => call('POST', '/channels/direct', [meId, otherId]),
  view: (channelId) => call('POST', '/channels/members/me/view', { channel_id: channelId, prev_channel_id: '' }),

  posts: (channelId) => call('GET', `/channels/${enc(channelId)}/posts?page=0&per_page=60`),
  createPost: (channelId, message, pendingPostId) =>
    call('POST', '/posts', { channel_id: channelId, message, pending_post_id: pendingPostId }),
};
