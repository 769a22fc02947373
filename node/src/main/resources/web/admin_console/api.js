/** The console's calls: the shared request (cookie session, CSRF header, deadline) and two shorthands. */
import { request } from '../common/api.js';

export { ApiError, request as api } from '../common/api.js';

export const get = path => request('GET', path).then(r => r.body);
export const post = (path, body = {}) => request('POST', path, body).then(r => r.body);
