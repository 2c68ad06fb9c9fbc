/**
 * The UI's only door to Colloquy: the public HTTP API with a bearer token, exactly as any other client uses it.
 *
 * The access token lives in memory, one per tab; the refresh token in localStorage, shared by the tabs of this
 * browser profile until sign-out. Refresh tokens rotate on every use and the server revokes the whole session
 * when one is used twice, so a refresh holds a lock across tabs (Web Locks) and reads the newest token inside
 * it, and concurrent calls in one tab share the one refresh in progress.
 */
const REFRESH_KEY = 'colloquy.refreshToken';
const USER_KEY = 'colloquy.username';
/** Refresh this long before the access token expires, so a request never leaves with a token about to die. */
const EXPIRY_MARGIN_MS = 30_000;

export class ApiError extends Error {
  constructor(status, code, message, details = {}, retryAfterSeconds = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details ?? {};
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class Session {
  #access = null;
  #claims = null;
  #expiresAt = 0;
  #refreshing = null;

  constructor(storage = window.localStorage) {
    this.storage = storage;
    this.onSignedOut = () => {};
    // Signing out in another tab ends the session here too.
    window.addEventListener('storage', event => {
      if (event.key === REFRESH_KEY && event.newValue === null && this.#claims) {
        this.#forget();
        this.onSignedOut();
      }
    });
  }

  get username() {
    return this.storage.getItem(USER_KEY) ?? '';
  }

  /** What the verified token says: subject, tenant, roles, plan. Only shapes the UI; the server decides. */
  get claims() {
    return this.#claims;
  }

  hasRole(...roles) {
    return roles.some(role => this.#claims?.roles?.includes(role));
  }

  /** Resumes a sign-in kept across a reload; false when there is none or it has ended. */
  async resume() {
    if (!this.storage.getItem(REFRESH_KEY)) return false;
    try {
      await this.#refresh();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return false;
      throw error;
    }
  }

  async signIn(username, password) {
    const tokens = await (await send('POST', '/api/v1/auth/token', {body: {username, password}})).json();
    this.storage.setItem(USER_KEY, username);
    this.#accept(tokens);
  }

  /** Under the refresh lock, so that no refresh in flight can store a token again after it. */
  async signOut() {
    await exclusively(async () => {
      const refreshToken = this.storage.getItem(REFRESH_KEY);
      this.#forget();
      if (refreshToken) {
        await send('POST', '/api/v1/auth/logout', {body: {refreshToken}}).catch(() => {});
      }
    });
  }

  /** A JSON call; resolves with the parsed body (null for 204), rejects with an ApiError. */
  async json(method, path, body) {
    const response = await this.fetch(method, path, {body});
    return response.status === 204 ? null : response.json();
  }

  /** A call whose response the caller reads itself (downloads, streams). Retries once after a refresh on 401. */
  async fetch(method, path, {body, headers = {}, signal} = {}) {
    const attempt = async () => send(method, path, {body, signal,
      headers: {...headers, Authorization: 'Bearer ' + await this.accessToken()}});
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || !this.storage.getItem(REFRESH_KEY)) throw error;
      this.#expiresAt = 0;
      return attempt();
    }
  }

  async accessToken() {
    if (!this.#access || Date.now() > this.#expiresAt - EXPIRY_MARGIN_MS) {
      await this.#refresh();
    }
    return this.#access;
  }

  #refresh() {
    this.#refreshing ??= exclusively(async () => {
      const refreshToken = this.storage.getItem(REFRESH_KEY);
      if (!refreshToken) throw new ApiError(401, 'AUTHENTICATION_ERROR', 'Please sign in.');
      try {
        this.#accept(await (await send('POST', '/api/v1/auth/refresh', {body: {refreshToken}})).json());
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          this.#forget();
          this.onSignedOut(error);
        }
        throw error;
      }
    }).finally(() => { this.#refreshing = null; });
    return this.#refreshing;
  }

  #accept(tokens) {
    this.#access = tokens.access_token;
    this.#claims = decodeClaims(tokens.access_token);
    this.#expiresAt = Date.now() + tokens.expires_in * 1000;
    this.storage.setItem(REFRESH_KEY, tokens.refresh_token);
  }

  #forget() {
    this.#access = null;
    this.#claims = null;
    this.#expiresAt = 0;
    this.storage.removeItem(REFRESH_KEY);
  }
}

/** Runs one refresh at a time across this browser's tabs (where Web Locks exist; else within this tab). */
function exclusively(task) {
  return navigator.locks ? navigator.locks.request('colloquy.refresh', task) : task();
}

function decodeClaims(jwt) {
  const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(payload), c => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

async function send(method, path, {body, headers = {}, signal} = {}) {
  const init = {method, headers: {Accept: 'application/json', ...headers}, signal};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** Every error of the API comes in the same envelope: {error: {code, message, details}}. */
async function errorOf(response) {
  const retryAfter = Number(response.headers.get('Retry-After')) || null;
  try {
    const {error} = await response.json();
    return new ApiError(response.status, error.code, error.message, error.details, retryAfter);
  } catch {
    return new ApiError(response.status, 'HTTP_' + response.status, response.statusText || 'The request failed.',
      {}, retryAfter);
  }
}

/** What a person should read for an error: the server's message, plus what to do about it. */
export function describe(error) {
  if (!(error instanceof ApiError)) {
    return 'Colloquy cannot be reached. Check your connection and try again.';
  }
  const wait = error.retryAfterSeconds ?? error.details?.retryAfterSeconds;
  switch (error.code) {
    case 'RATE_LIMITED':
      return `Slow down: ${error.message}.` + (wait ? ` Try again in ${wait} s.` : '');
    case 'QUOTA_EXCEEDED':
      return `Quota reached: ${error.message}.`;
    case 'ACCOUNT_LOCKED':
      return `Too many failed sign-ins. Try again` + (wait ? ` in ${wait} s.` : ' later.');
    case 'ACCOUNT_SUSPENDED':
      return `Your account is suspended: ${error.message}. Contact your administrator.`;
    case 'MODEL_NOT_ALLOWED':
      return `Your plan does not include this model: ${error.message}.`;
    case 'FORBIDDEN':
      return `You are not allowed to do this: ${error.message}.`;
    default:
      return error.message;
  }
}

/**
 * Numbers the requests of one kind. Each call starts one and answers its check: true while no newer request of
 * that kind has started, so that an answer arriving after the screen or the controls changed is dropped.
 */
export function newest() {
  let latest = 0;
  return () => {
    const mine = ++latest;
    return () => mine === latest;
  };
}

/** A tagged template for API paths: every interpolated value is URI-encoded, so an id from an address stays one. */
export function path(strings, ...values) {
  return strings.reduce((built, text, i) => built + text + (i < values.length ? encodeURIComponent(values[i]) : ''),
    '');
}
