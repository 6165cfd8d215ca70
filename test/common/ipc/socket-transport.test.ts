// The served page's transport over a scripted socket: waiting, answering, losing and regaining it.
import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../../common/ipc/client';
import type { ServerMessage } from '../../../common/ipc/socket-protocol';
import { createSocketTransport, type ConnectionState, type SocketLike } from '../../../common/ipc/socket-transport';
import { decodeFrame, encodeFrame } from '../../../common/ipc/wire';

class ScriptedSocket implements SocketLike {
  binaryType = 'blob';
  readyState = 0;
  sent: { type: string; id: number; name: string; args: unknown[] }[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  send(data: Uint8Array): void {
    this.sent.push(decodeFrame(data) as ScriptedSocket['sent'][number]);
  }
  close(): void {
    this.drop(1000, 'closed');
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(message: ServerMessage): void {
    const frame = encodeFrame(message);
    this.onmessage?.({ data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) });
  }
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function setup() {
  const sockets: ScriptedSocket[] = [];
  const states: ConnectionState[] = [];
  const transport = createSocketTransport({
    open: () => {
      const s = new ScriptedSocket();
      sockets.push(s);
      return s;
    },
    onState: (state) => states.push(state),
    retryDelaysMs: [10],
  });
  return { api: createApiClient(transport), transport, sockets, states };
}

describe('socket transport', () => {
  it('sends calls made before the socket opens once it does, and resolves each with its own answer', async () => {
    const { api, sockets } = setup();
    expect(sockets[0].binaryType).toBe('arraybuffer');
    const first = api.getRun(1);
    const second = api.queue();
    expect(sockets[0].sent).toEqual([]);
    sockets[0].open();
    expect(sockets[0].sent.map((m) => [m.name, m.args])).toEqual([['getRun', [1]], ['queue', []]]);
    sockets[0].reply({ type: 'result', id: sockets[0].sent[1].id, result: { ok: true, value: [] } });
    sockets[0].reply({ type: 'result', id: sockets[0].sent[0].id, result: { ok: false, error: { code: 'not-found', message: 'There is no run 1.' } } });
    expect(await second).toEqual({ ok: true, value: [] });
    expect(await first).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const { api, sockets } = setup();
    sockets[0].open();
    const got = vi.fn();
    const off = api.on('queueChanged', got);
    sockets[0].reply({ type: 'event', name: 'queueChanged', payload: [] });
    off();
    sockets[0].reply({ type: 'event', name: 'queueChanged', payload: [] });
    expect(got).toHaveBeenCalledTimes(1);
  });

  it('fails calls in flight when the connection drops, reconnects, and keeps listeners', async () => {
    const { api, sockets, states } = setup();
    sockets[0].open();
    const got = vi.fn();
    api.on('runChanged', got);
    const inFlight = api.doctor();
    sockets[0].drop(1001, 'The MNIST Lab server is stopping.');
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('server is stopping') } });
    expect(await api.queue()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    sockets[1].open();
    sockets[1].reply({ type: 'event', name: 'runChanged', payload: { id: 3 } as never });
    expect(got).toHaveBeenCalledWith({ id: 3 });
    expect(states).toEqual(['connecting', 'open', 'lost', 'connecting', 'open']);
  });

  it('after close(), fails calls at once and does not reconnect', async () => {
    const { api, transport, sockets } = setup();
    sockets[0].open();
    transport.close();
    expect(await api.queue()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await new Promise((done) => setTimeout(done, 30));
    expect(sockets).toHaveLength(1);
  });
});
