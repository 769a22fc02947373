/**
 * One call to /api/v4 from a page on the node's own origin, as the signed-in user: the
 * MMAUTHTOKEN cookie authenticates, and every call carries X-Requested-With and, when it
 * changes state, the MMCSRF cookie's token as X-CSRF-Token, which the API's CSRF rule asks of
 * cookie-authenticated requests (so the pages work under strict enforcement too). Every call
 * has a deadline, so a node that stops answering shows as an error, not a page that waits.
 */
const TIMEOUT_MS = 10000;

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || (status ? `The server answered ${status}.` : 'The server did not answer.'));
    this.status = status;
    this.id = body && body.id ? body.id : '';
    this.body = body;
  }
}

function cookie(name) {
  const found = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : '';
}

/** Answers {body, headers}; an error status, a network failure or the deadline throws ApiError. */
export async function request(method, path, body) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json' };
  const csrf = cookie('MMCSRF');
  if (csrf && method !== 'GET') headers['X-CSRF-Token'] = csrf;
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
    throw new ApiError(0, { message: abort.signal.aborted
      ? `The server did not answer within ${TIMEOUT_MS / 1000} s.` : 'The server cannot be reached.' });
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return { body: json, headers: response.headers };
}
