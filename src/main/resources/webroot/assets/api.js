// Calls to the WardWatch API with the session's bearer token. A 401 drops the session and goes back to the login page.

const TOKEN_KEY = 'wardwatch.session';

export function session() {
  const raw = sessionStorage.getItem(TOKEN_KEY);
  return raw ? JSON.parse(raw) : null;
}

export function saveSession(s) {
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(s));
}

export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || ('HTTP ' + status));
    this.status = status;
  }
}

async function request(method, path, body) {
  const headers = {};
  const s = session();
  if (s) headers.Authorization = 'Bearer ' + s.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401 && path !== '/api/v1/login') {
    clearSession();
    location.hash = '#/login';
    throw new ApiError(401, 'unauthorized');
  }
  if (!r.ok) {
    let detail = '';
    try { const p = await r.json(); detail = p.detail || p.title || ''; } catch (e) { /* not JSON */ }
    throw new ApiError(r.status, detail);
  }
  return r;
}

export async function getJson(path) {
  return (await request('GET', path)).json();
}

export async function postJson(path, body) {
  const r = await request('POST', path, body);
  return r.status === 204 ? null : r.json();
}

/** Text and its media type (e.g. to tell a CSV from a server that answered JSON). */
export async function getText(path) {
  const r = await request('GET', path);
  return { type: r.headers.get('Content-Type') || '', text: await r.text() };
}

/** Pictures and clips need the bearer token, so they are fetched and shown as blob: URLs (the CSP allows blob:). */
export async function blobUrl(path) {
  const r = await request('GET', path);
  return URL.createObjectURL(await r.blob());
}

export async function login(username, password) {
  const r = await fetch('/api/v1/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password })
  });
  if (!r.ok) throw new ApiError(r.status, '');
  const s = await r.json();
  saveSession(s);
  return s;
}

export async function logout() {
  try { await request('POST', '/api/v1/logout'); } catch (e) { /* the session is dropped either way */ }
  clearSession();
}

/** Server-Sent Events; EventSource cannot send headers, so the token goes in the query. */
export function events(types, onEvent) {
  const s = session();
  const es = new EventSource('/api/v1/events?types=' + types.join(',') + '&access_token=' + encodeURIComponent(s.token));
  for (const t of types) {
    es.addEventListener(t, e => onEvent(t, JSON.parse(e.data)));
  }
  return es;
}
