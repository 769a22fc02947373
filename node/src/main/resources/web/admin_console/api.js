/**
 * Calls /api/v4 as the signed-in admin: the MMAUTHTOKEN cookie authenticates, and every call
 * carries X-Requested-With and the MMCSRF token, which the API's CSRF rule asks of
 * cookie-authenticated requests that change state. Every call has a deadline, so a node that
 * stops answering shows as an error instead of a page that waits forever.
 */
const TIMEOUT_MS = 10000;

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || (status ? 'HTTP ' + status : 'no answer'));
    this.status = status;
    this.body = body;
  }
}

function csrfToken() {
  const match = document.cookie.split('; ').find(c => c.startsWith('MMCSRF='));
  return match ? decodeURIComponent(match.slice('MMCSRF='.length)) : '';
}

export async function api(method, path, body) {
  const headers = {'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json'};
  const csrf = csrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch('/api/v4' + path, {
      method, headers, credentials: 'same-origin', signal: abort.signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, {message: abort.signal.aborted ? 'no answer within ' + TIMEOUT_MS / 1000 + ' s' : 'the server did not answer: ' + e.message});
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = {message: text};
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return {body: json, headers: response.headers};
}

export const get = path => api('GET', path).then(r => r.body);
export const post = (path, body = {}) => api('POST', path, body).then(r => r.body);
