/**
 * Who may use the served app, as Jupyter and TensorBoard do it: a random token printed once at
 * start, exchanged on the first visit for a session cookie (so the token leaves the address bar
 * and never appears in later requests), and every request's Host and Origin checked against the
 * names this server answers to, which stops DNS rebinding and cross-site use of the API.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';

/** Sessions kept at once (browsers, tabs that signed in with the token); more than any one person opens. */
const MAX_SESSIONS = 1000;

export const LOOPBACK_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]';

/** An address as it appears in a Host header: IPv6 in brackets, lower case. */
export function hostnameForHeader(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare.includes(':') ? `[${bare}]` : bare;
}

/**
 * The host names a browser may use to reach a server bound to `bindHost`: loopback always (an SSH
 * tunnel arrives there); the bound address; for a wildcard bind every address of this machine
 * and its name. The port is not checked, since a tunnel may forward any local port.
 */
export function allowedHostnames(bindHost: string): Set<string> {
  const names = new Set<string>(LOOPBACK_HOSTNAMES);
  if (isWildcard(bindHost)) {
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces())) for (const a of addresses ?? []) names.add(hostnameForHeader(a.address));
  } else names.add(hostnameForHeader(bindHost));
  return names;
}

export type AccessDenial = { status: 400 | 401 | 403; reason: string };

export interface ServerAccess {
  /** The token the printed URL carries. */
  readonly token: string;
  readonly cookieName: string;
  /** Host and Origin checks; null when the request may go on to authentication. */
  checkSite(request: IncomingMessage): AccessDenial | null;
  /** A session cookie, or the token in an Authorization header or the query (`?token=`). */
  authenticate(request: IncomingMessage, url: URL): 'session' | 'token' | null;
  /** A new session for a request that brought the right token: the Set-Cookie header value. */
  startSession(): string;
}

const equalSecrets = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function cookieValue(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

function headerToken(request: IncomingMessage): string | null {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

export function createServerAccess(options: { bindHost: string; port: number; token?: string }): ServerAccess {
  const token = options.token ?? randomBytes(24).toString('hex');
  const hostnames = allowedHostnames(options.bindHost);
  // Cookies are shared across ports of one host name, so two servers on one machine need two names.
  const cookieName = `mnist_lab_session_${options.port}`;
  const sessions = new Set<string>();

  const requestHost = (request: IncomingMessage): string | null => {
    const header = request.headers.host;
    if (!header) return null;
    try {
      return new URL(`http://${header}`).hostname.toLowerCase();
    } catch {
      return null;
    }
  };

  return {
    token,
    cookieName,
    checkSite(request) {
      const host = requestHost(request);
      if (!host) return { status: 400, reason: 'The request has no valid Host header.' };
      if (!hostnames.has(host)) return { status: 403, reason: `This server does not answer to the host name "${host}".` };
      const origin = request.headers.origin;
      // Browsers send Origin on WebSocket handshakes and cross-site requests; it must be this very site.
      if (origin !== undefined) {
        let originHost: string | null = null;
        try {
          const parsed = new URL(origin);
          originHost = parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host.toLowerCase() : null;
        } catch {
          originHost = null;
        }
        if (originHost !== request.headers.host?.toLowerCase()) return { status: 403, reason: 'Requests from other sites are refused.' };
      }
      return null;
    },
    authenticate(request, url) {
      const session = cookieValue(request, cookieName);
      if (session && [...sessions].some((s) => equalSecrets(s, session))) return 'session';
      const offered = headerToken(request) ?? url.searchParams.get('token');
      return offered && equalSecrets(offered, token) ? 'token' : null;
    },
    startSession() {
      const session = randomBytes(32).toString('hex');
      // Every visit with the token starts one: the oldest go first, so the set cannot grow without end.
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.values().next().value!);
      sessions.add(session);
      return `${cookieName}=${session}; Path=/; HttpOnly; SameSite=Strict`;
    },
  };
}
