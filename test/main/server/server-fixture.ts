// A real lab server over real services in a temp folder, and raw HTTP / WebSocket clients for it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createApiClient } from '../../../common/ipc/client';
import type { LabApi, Result } from '../../../common/ipc/contract';
import { SOCKET_PATH } from '../../../common/ipc/socket-protocol';
import { createSocketTransport, type SocketLike, type SocketTransport } from '../../../common/ipc/socket-transport';
import { startLabServer, type LabServer, type LabServerOptions } from '../../../main/server/lab-server';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';

export interface ServerFixture {
  home: string;
  services: LabServices;
  server: LabServer;
  close(): Promise<void>;
}

/** A stand-in for out/renderer (the journeys serve the real build), with a secret beside it. */
export const SECRET = 'a file outside the renderer folder';
function rendererFolder(scratch: string): string {
  const dir = join(scratch, 'renderer');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="app"></div><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(dir, 'assets/app.js'), 'export {};');
  writeFileSync(join(scratch, 'secret.txt'), SECRET);
  return dir;
}

export async function startFixture(options: Partial<LabServerOptions> = {}): Promise<ServerFixture> {
  const scratch = mkdtempSync(join(tmpdir(), 'mnist-lab-server-'));
  const home = join(scratch, 'home');
  const services = await createLabServices({ homeDir: home });
  const server = await startLabServer({ services, port: 0, rendererDir: rendererFolder(scratch), ...options });
  return {
    home,
    services,
    server,
    async close() {
      await server.close();
      await services.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with the path sent exactly as given (no URL normalisation of `..`). */
export function rawGet(server: LabServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** The session cookie a browser would get by opening the printed address. */
export async function sessionCookie(server: LabServer): Promise<string> {
  const response = await rawGet(server, `/?token=${server.token}`);
  const cookie = response.headers['set-cookie']?.[0];
  if (response.status !== 302 || !cookie) throw new Error(`no session: ${response.status}`);
  return cookie.split(';')[0];
}

export const socketUrl = (server: LabServer, query = ''): string => `ws://127.0.0.1:${server.port}${SOCKET_PATH}${query}`;

/** The status of a refused WebSocket handshake, or 101 when it was accepted. */
export function handshakeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((done) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      done(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      done(101);
      ws.close();
    });
    ws.on('error', () => undefined);
  });
}

/** The contract's client over the server's socket, as the served page builds it. */
export function socketApi(server: LabServer, headers: Record<string, string> = {}): { api: LabApi; transport: SocketTransport } {
  const transport = createSocketTransport({
    open: () => new WebSocket(socketUrl(server, `?token=${server.token}`), { headers: { origin: server.origin, ...headers } }) as unknown as SocketLike,
    retryDelaysMs: [50],
  });
  return { api: createApiClient(transport), transport };
}

export const valueOf = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

/** Opens a raw authenticated socket and resolves when it is open. */
export function openRawSocket(server: LabServer): Promise<WebSocket> {
  const ws = new WebSocket(socketUrl(server, `?token=${server.token}`), { headers: { origin: server.origin } });
  return new Promise((done, fail) => {
    ws.once('open', () => done(ws));
    ws.once('error', fail);
  });
}

export function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((done) => ws.once('close', (code) => done(code)));
}
