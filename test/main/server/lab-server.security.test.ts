// The served app's doors, tried as an attacker would: each refused with its status and nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../../../common/ipc/wire';
import { CLOSE_MALFORMED, CLOSE_TOO_BIG } from '../../../common/ipc/socket-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/security';
import { closeCode, handshakeStatus, openRawSocket, rawGet, SECRET, sessionCookie, socketApi, socketUrl, startFixture, valueOf, type ServerFixture } from './server-fixture';

let fx: ServerFixture;
let cookie: string;
const MAX_MESSAGE = 256 * 1024;

beforeAll(async () => {
  fx = await startFixture({ maxMessageBytes: MAX_MESSAGE });
  cookie = await sessionCookie(fx.server);
});
afterAll(() => fx.close());

const runCount = (): number => fx.services.store.listRuns({ includeDeleted: true }).length;

describe('the served app: tokens and sessions', () => {
  it('prints an address on loopback with a long random token', () => {
    expect(fx.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    expect(fx.server.exposed).toBe(false);
  });

  it('shows the sign-in page without a token, and says when the token is wrong', async () => {
    const none = await rawGet(fx.server, '/');
    expect(none.status).toBe(401);
    expect(none.body).toContain('paste the token');
    const wrong = await rawGet(fx.server, '/?token=0123');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain("not this server's");
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await rawGet(fx.server, '/', { cookie: `${fx.server.token.slice(0, 8)}=x; mnist_lab_session_${fx.server.port}=forged` })).status).toBe(401);
  });

  it('trades the token for an HttpOnly SameSite cookie and drops it from the address', async () => {
    const first = await rawGet(fx.server, `/?token=${fx.server.token}`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    expect(first.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    expect(first.headers['set-cookie']?.[0]).not.toContain(fx.server.token);
  });

  it('serves the renderer to a session with the app\'s Content-Security-Policy', async () => {
    const page = await rawGet(fx.server, '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="app">');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    // Scripts also load with the token in a header, for clients that are not browsers.
    expect((await rawGet(fx.server, '/', { authorization: `token ${fx.server.token}` })).status).toBe(200);
  });
});

describe('the served app: requests from elsewhere', () => {
  it('refuses a Host it does not answer to (DNS rebinding) even with a valid session', async () => {
    const response = await rawGet(fx.server, '/', { cookie, host: `attacker.example:${fx.server.port}` });
    expect(response.status).toBe(403);
    expect((await rawGet(fx.server, '/', { cookie, host: 'bad host' })).status).toBe(400);
    // An SSH tunnel may forward any local port: loopback names are accepted whatever the port.
    expect((await rawGet(fx.server, '/?x', { cookie, host: 'localhost:9999' })).status).not.toBe(403);
  });

  it('refuses a foreign Origin', async () => {
    expect((await rawGet(fx.server, '/', { cookie, origin: 'http://attacker.example' })).status).toBe(403);
    expect((await rawGet(fx.server, '/', { cookie, origin: 'null' })).status).toBe(403);
    expect((await rawGet(fx.server, '/', { cookie, origin: `http://127.0.0.1:${fx.server.port + 1}` })).status).toBe(403);
  });

  it('serves nothing outside the renderer folder, however the path is spelled', async () => {
    expect((await rawGet(fx.server, '/assets/app.js', { cookie })).headers['cache-control']).toContain('immutable');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/..%5c..%5csecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/index.html%00.png', '/%2F..%2F..%2Fetc%2Fpasswd', '/assets', '/nope.js']) {
      const response = await rawGet(fx.server, path, { cookie });
      expect([400, 404], path).toContain(response.status);
      expect(response.body).not.toContain(SECRET);
    }
    expect((await rawGet(fx.server, '/%E0%A4%A', { cookie })).status).toBe(400);
  });

  it('answers only GET and HEAD', async () => {
    expect((await rawGet(fx.server, '/', { cookie }, 'POST')).status).toBe(405);
    expect((await rawGet(fx.server, '/', { cookie }, 'DELETE')).status).toBe(405);
  });
});

describe('the served app: the API socket', () => {
  it('refuses a handshake without the token, with a wrong one, from another site or Host', async () => {
    const origin = fx.server.origin;
    expect(await handshakeStatus(socketUrl(fx.server), { origin })).toBe(401);
    expect(await handshakeStatus(socketUrl(fx.server, '?token=wrong'), { origin })).toBe(401);
    expect(await handshakeStatus(socketUrl(fx.server, `?token=${fx.server.token}`), { origin: 'http://attacker.example' })).toBe(403);
    expect(await handshakeStatus(socketUrl(fx.server, `?token=${fx.server.token}`), { origin, host: 'attacker.example' })).toBe(403);
    expect(await handshakeStatus(`ws://127.0.0.1:${fx.server.port}/elsewhere?token=${fx.server.token}`, { origin })).toBe(404);
    expect(await handshakeStatus(socketUrl(fx.server), { origin, cookie })).toBe(101);
  });

  it('closes a connection that sends text, garbage or a frame that is not a call', async () => {
    for (const send of ['hello', Buffer.from([1, 2, 3, 4, 5]), encodeFrame({ type: 'call', id: 'x', name: 'listRuns', args: [] })]) {
      const ws = await openRawSocket(fx.server);
      const closed = closeCode(ws);
      ws.send(send);
      expect(await closed).toBe(CLOSE_MALFORMED);
    }
    expect(runCount()).toBe(0);
  });

  it('closes a connection whose message is over the cap, before reading it whole', async () => {
    const ws = await openRawSocket(fx.server);
    const closed = closeCode(ws);
    ws.send(encodeFrame({ type: 'call', id: 1, name: 'predict', args: [{ runId: 1, images: [{ name: 'big.png', bytes: new Uint8Array(MAX_MESSAGE + 1) }] }] }));
    expect(await closed).toBe(CLOSE_TOO_BIG);
  });

  it('answers an unknown call and malformed arguments with the contract\'s typed errors, writing nothing', async () => {
    const { api, transport } = socketApi(fx.server);
    try {
      expect(await api.listPresets()).toMatchObject({ ok: true });
      const ws = await openRawSocket(fx.server);
      const reply = new Promise<Buffer>((done) => ws.once('message', (data) => done(data as Buffer)));
      ws.send(encodeFrame({ type: 'call', id: 7, name: 'dropDatabase', args: [] }));
      expect(decodeFrame(await reply)).toMatchObject({ type: 'result', id: 7, result: { ok: false, error: { code: 'invalid-input' } } });
      ws.close();

      expect(await api.getRun('1' as unknown as number)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(await api.startRun({ layers: [], hyperparameters: {} } as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      // Image bytes arrive as a Uint8Array (not a JSON object), so validation reaches the missing run.
      const predicted = await api.predict({ runId: 99, images: [{ name: 'd.png', bytes: new Uint8Array([137, 80, 78, 71]) }] });
      expect(predicted).toMatchObject({ ok: false, error: { code: 'not-found' } });
      expect(valueOf<unknown[]>(await api.listRuns({}))).toEqual([]);
    } finally {
      transport.close();
    }
    expect(runCount()).toBe(0);
  });
});
