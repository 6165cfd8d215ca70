/**
 * `mnist-lab serve`: the built renderer and the whole contract over HTTP and one WebSocket, for
 * machines without a screen (a GPU server reached over SSH). The same services as the desktop app
 * and the command line: one data folder, one training queue, inside this process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import { SOCKET_PATH } from '../../common/ipc/socket-protocol';
import { CONTENT_SECURITY_POLICY } from '../electron/security';
import type { LabServices } from '../services/lab-services';
import { createServerAccess, hostnameForHeader, isLoopbackHost, type ServerAccess } from './access';
import { loginPage } from './login-page';
import { createSocketHub } from './socket-hub';
import { readStaticFile } from './static-files';

export const DEFAULT_PORT = 4180;
/** How many ports after the default are tried when it is taken. */
const PORT_ATTEMPTS = 20;
/**
 * The largest message a page may send: a few phone photos dropped at once fit; anything larger
 * is refused (WebSocket close 1009) before it is buffered whole.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer');

export interface LabServerOptions {
  services: LabServices;
  /** 127.0.0.1 unless given. */
  host?: string;
  /** An exact port (0: any free one); without it DEFAULT_PORT or one of the next free ones. */
  port?: number;
  rendererDir?: string;
  maxMessageBytes?: number;
  /** Fixed only by tests; otherwise random for every start. */
  token?: string;
}

export interface LabServer {
  /** The address to open, carrying the token: print it once, never log it again. */
  readonly url: string;
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** True when the server is reachable from other machines. */
  readonly exposed: boolean;
  /** Pages connected right now. */
  connections(): number;
  /** Closes every page's connection and the listening socket; the services stay open. */
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function refuse(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`${text}\n`);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

const requestUrl = (request: IncomingMessage): URL | null => {
  try {
    return new URL(request.url ?? '/', 'http://server.invalid');
  } catch {
    return null;
  }
};

async function handleRequest(access: ServerAccess, rendererDir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const denial = access.checkSite(request);
  if (denial) return refuse(response, denial.status, denial.reason);
  const url = requestUrl(request);
  if (!url) return refuse(response, 400, 'The request path is not valid.');
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Only GET is served here; the API is on the WebSocket.');
  const how = access.authenticate(request, url);
  if (!how) {
    response.writeHead(401, { ...SECURITY_HEADERS, 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'", 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    return void response.end(loginPage(url.searchParams.has('token')));
  }
  if (how === 'token' && url.searchParams.has('token')) {
    // Trade the token for a cookie and take it out of the address bar (and the browser's history).
    url.searchParams.delete('token');
    response.writeHead(302, { ...SECURITY_HEADERS, 'Set-Cookie': access.startSession(), Location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`, 'Cache-Control': 'no-store' });
    return void response.end();
  }
  const file = await readStaticFile(rendererDir, url.pathname);
  if (file.status !== 200) return refuse(response, file.status, file.reason);
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': file.contentType,
    'Content-Length': file.body.byteLength,
    'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

async function listen(server: Server, host: string, port: number | undefined): Promise<number> {
  const attempts = port === undefined ? PORT_ATTEMPTS : 1;
  const first = port ?? DEFAULT_PORT;
  for (let i = 0; ; i++) {
    try {
      await new Promise<void>((done, fail) => {
        server.once('error', fail);
        server.listen(first + i, host, () => {
          server.off('error', fail);
          done();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' || i + 1 >= attempts) {
        if (code === 'EADDRINUSE') throw new Error(port === undefined ? `Ports ${first}-${first + attempts - 1} are all in use: choose one with --port.` : `Port ${first} is in use: choose another with --port (0 picks a free one).`, { cause: error });
        if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new Error(`"${host}" is not an address of this machine.`, { cause: error });
        throw error;
      }
    }
  }
}

export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const host = options.host ?? '127.0.0.1';
  const rendererDir = options.rendererDir ?? RENDERER_DIR;
  const hub = createSocketHub(options.services);
  let access: ServerAccess | null = null;
  const server = createServer((request, response) => {
    if (!access) return refuse(response, 503, 'Starting.');
    handleRequest(access, rendererDir, request, response).catch(() => refuse(response, 500, 'The file could not be read.'));
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? MAX_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    // Node leaves an upgraded socket without an error listener: a client that resets it after a
    // refusal would otherwise end the whole server with an uncaught ECONNRESET.
    socket.on('error', () => socket.destroy());
    const url = requestUrl(request);
    if (!access || !url || url.pathname !== SOCKET_PATH) return refuseUpgrade(socket, 404, 'Not found.');
    const denial = access.checkSite(request);
    if (denial) return refuseUpgrade(socket, denial.status, denial.reason);
    if (!access.authenticate(request, url)) return refuseUpgrade(socket, 401, 'The token or session is missing or wrong.');
    sockets.handleUpgrade(request, socket, head, (ws) => hub.accept(ws));
  });

  let port: number;
  try {
    port = await listen(server, host, options.port);
  } catch (error) {
    hub.close('not started');
    throw error;
  }
  access = createServerAccess({ bindHost: host, port, token: options.token });
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : hostnameForHeader(host);
  const origin = `http://${shownHost}:${port}`;
  const token = access.token;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    host,
    port,
    token,
    exposed: !isLoopbackHost(host),
    connections: () => hub.size,
    async close() {
      hub.close('The MNIST Lab server is stopping.');
      sockets.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

export const rendererIsBuilt = (dir = RENDERER_DIR): Promise<boolean> =>
  readStaticFile(dir, '/').then((file) => file.status === 200, () => false);
