/**
 * Everything the console sends: the control API (with the control token when the emulator wants
 * one), the two emulated APIs (with tokens from their own token endpoints, for the fixture
 * credentials), and the journal's event stream read with fetch() so that the token travels in a
 * header, never in a URL.
 */

export const TENANT_HEADER = 'x-emulator-tenant';
export const CONTROL_TOKEN_HEADER = 'x-emulator-control-token';
const TOKEN_STORAGE_KEY = 'incident-emulator.control-token';

const CREDENTIALS_STORAGE_KEY = 'incident-emulator.credentials';

/**
 * The credentials the console signs in with: the documented fixture defaults (the startup banner
 * lists them), or others the user gives for fixtures of their own (kept for this tab only).
 */
export const credentials = {
  eset: { username: 'emulator@example.com', password: 'emulator' },
  adversarial: { clientId: 'arm_sa_emulator', clientSecret: 'arm_sk_emulator' },
  ...JSON.parse(sessionStorage.getItem(CREDENTIALS_STORAGE_KEY) ?? '{}'),
};

/** Shared by every view: the tenant picked and the control token given (kept for this tab only). */
export const session = {
  tenant: 'default',
  controlToken: sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? '',
};

/** Fires `token-needed` when the control API answers 401. */
export const sessionEvents = new EventTarget();

export function setControlToken(token) {
  session.controlToken = token;
  sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
}

/** A call that did not succeed: the status, the answer, and the reason a person should read. */
export class CallError extends Error {
  constructor(status, reason, body) {
    super(reason);
    this.status = status;
    this.body = body;
  }
}

async function parseBody(response) {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The reason an error answer gives: the emulator's header first, then the body's own words. */
function reasonOf(response, body) {
  const header = response.headers.get('x-emulator-reason');
  if (header) return header;
  if (body && typeof body === 'object') {
    if (typeof body.message === 'string') return body.message;
    if (typeof body.description === 'string') return body.description;
    if (body.errors) {
      return Object.entries(body.errors)
        .map(([field, problems]) => `${field}: ${problems.map((problem) => problem.message).join(', ')}`)
        .join('; ');
    }
    if (typeof body.error === 'string') return body.error;
  }
  return `${response.status} ${response.statusText}`;
}

async function send(method, url, headers, body) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const parsed = await parseBody(response);
  if (!response.ok) throw new CallError(response.status, reasonOf(response, parsed), parsed);
  return parsed;
}

function controlHeaders() {
  const headers = { [TENANT_HEADER]: session.tenant };
  if (session.controlToken) headers[CONTROL_TOKEN_HEADER] = session.controlToken;
  return headers;
}

/** A control API call for the picked tenant; `path` is relative to /_emulator/. */
export async function control(method, path, body) {
  try {
    return await send(method, `/_emulator/${path}`, controlHeaders(), body);
  } catch (error) {
    if (error instanceof CallError && error.status === 401) sessionEvents.dispatchEvent(new Event('token-needed'));
    throw error;
  }
}

/** Access tokens of one API, per tenant, fetched again when they expire or are refused. */
class TokenCache {
  constructor(fetchToken) {
    this.fetchToken = fetchToken;
    this.tokens = new Map();
  }

  /** Concurrent calls share one token request. */
  get(tenant) {
    const cached = this.tokens.get(tenant);
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const entry = { token: undefined, expiresAt: Infinity };
    entry.token = this.fetchToken(tenant).then(
      (answer) => {
        // A little early, so a token never expires on the way (a moved clock gives a 401: see withToken).
        entry.expiresAt = Date.now() + Math.max(0, (Number(answer.expires_in) || 300) - 30) * 1000;
        return answer.access_token;
      },
      (error) => {
        if (this.tokens.get(tenant) === entry) this.tokens.delete(tenant);
        throw error;
      },
    );
    this.tokens.set(tenant, entry);
    return entry.token;
  }

  forget(tenant) {
    this.tokens.delete(tenant);
  }

  forgetAll() {
    this.tokens.clear();
  }
}

async function tokenRequest(path, tenant, form) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', [TENANT_HEADER]: tenant },
    body: new URLSearchParams(form),
  });
  const body = await parseBody(response);
  if (!response.ok) {
    const error = new CallError(response.status, `token request to ${path} failed: ${reasonOf(response, body)}`, body);
    error.signIn = true;
    throw error;
  }
  return body;
}

const esetTokens = new TokenCache((tenant) =>
  tokenRequest('/oauth/token', tenant, { grant_type: 'password', ...credentials.eset }),
);
const adversarialTokens = new TokenCache((tenant) =>
  tokenRequest('/api/v1/oauth/token', tenant, {
    grant_type: 'client_credentials',
    client_id: credentials.adversarial.clientId,
    client_secret: credentials.adversarial.clientSecret,
  }),
);

/** Signs in with other credentials from now on (api: eset or adversarial). */
export function setCredentials(api, values) {
  credentials[api] = values;
  sessionStorage.setItem(CREDENTIALS_STORAGE_KEY, JSON.stringify(credentials));
  (api === 'eset' ? esetTokens : adversarialTokens).forgetAll();
}

async function withToken(tokens, method, url, body) {
  const tenant = session.tenant;
  for (let attempt = 0; ; attempt++) {
    const token = await tokens.get(tenant);
    try {
      return await send(method, url, { authorization: `Bearer ${token}`, [TENANT_HEADER]: tenant }, body);
    } catch (error) {
      // A token the emulator no longer knows (clock moved, tenant reset): one fresh try.
      if (!(error instanceof CallError) || error.status !== 401 || attempt > 0) throw error;
      tokens.forget(tenant);
    }
  }
}

/** ESET Connect, /v2/…, as the picked tenant's default user. */
export const eset = (method, path, body) => withToken(esetTokens, method, path, body);
/** Adversarial, /api/v1/…, as the picked tenant's default service account. */
export const adversarial = (method, path, body) => withToken(adversarialTokens, method, path, body);

/** A query string from an object; arrays become repeated keys; empty values are left out. */
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== '') search.append(name, String(item));
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The public OpenAPI documents: where the console takes the APIs' enums from. */
const documents = new Map();
export function openApiDocument(slug) {
  if (!documents.has(slug)) documents.set(slug, send('GET', `/openapi/${slug}.json`, {}));
  return documents.get(slug);
}

/**
 * Reads the journal's Server-Sent Events with fetch() (EventSource cannot send the token header),
 * calling onEntry for each request; reconnects after a drop from the last seq it saw. Returns a
 * function that stops it.
 */
export function streamJournal({ after, filters, onEntry, onState }) {
  const abort = new AbortController();
  let lastSeq = after;
  let retryMs = 2000;

  const connect = async () => {
    const url = `/_emulator/journal/stream${query({ ...filters, after: lastSeq })}`;
    const response = await fetch(url, { headers: controlHeaders(), signal: abort.signal });
    if (response.status === 401) sessionEvents.dispatchEvent(new Event('token-needed'));
    if (!response.ok) throw new CallError(response.status, reasonOf(response, await parseBody(response)));
    onState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        handleEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  };

  const handleEvent = (block) => {
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('data:')) data += line.slice(5).trimStart();
      else if (line.startsWith('retry:')) retryMs = Number(line.slice(6)) || retryMs;
    }
    if (data === '') return;
    const entry = JSON.parse(data);
    lastSeq = entry.seq;
    onEntry(entry);
  };

  (async () => {
    while (!abort.signal.aborted) {
      try {
        await connect();
        onState('reconnecting');
      } catch (error) {
        if (abort.signal.aborted) return;
        onState(error instanceof CallError ? `stopped: ${error.message}` : 'reconnecting');
        if (error instanceof CallError && error.status !== 429) return;
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  })();
  return () => abort.abort();
}
