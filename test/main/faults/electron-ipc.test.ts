// Every IPC handler answers only the app's own main frame. Electron cannot start here, so its
// ipcMain is replaced by a fake that collects the handlers registerIpc installs; each is then
// called as a foreign frame would call it.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, callChannel } from '../../../common/ipc/contract';
import type { LabServices } from '../../../main/services/lab-services';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
const handlers = vi.hoisted(() => new Map<string, (event: unknown, ...args: unknown[]) => unknown>());
const renderer = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
  listeners: new Map<string, (event: unknown, payload: unknown) => void>(),
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => renderer.exposed.set(key, value) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      renderer.invoked.push(args);
      return { ok: true, value: null };
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => renderer.listeners.set(channel, listener),
    removeListener: (channel: string) => renderer.listeners.delete(channel),
  },
}));

const { registerIpc } = await import('../../../main/electron/ipc');

const APP_URL = 'file:///opt/mnist-lab/out/renderer/index.html';

function setup() {
  const mainFrame = { url: APP_URL };
  const webContents = { mainFrame, send: vi.fn() };
  const window = { webContents, isDestroyed: () => false };
  const dispatch = vi.fn(async (..._args: unknown[]) => ({ ok: true as const, value: 'answered' }));
  const services = { dispatch, on: vi.fn(() => () => undefined) } as unknown as LabServices;
  const unregister = registerIpc(services, window as never, APP_URL);
  return { mainFrame, webContents, dispatch, unregister };
}

beforeEach(() => handlers.clear());

describe('IPC handlers', () => {
  it('exist for every call of the contract, and go away when unregistered', () => {
    const { unregister } = setup();
    expect([...handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('refuse every call from any frame but the app’s own, without reaching the services', async () => {
    const { mainFrame, webContents, dispatch } = setup();
    const otherContents = { mainFrame: { url: APP_URL } };
    const foreign = {
      'another window': { sender: otherContents, senderFrame: otherContents.mainFrame },
      'an iframe in the app window': { sender: webContents, senderFrame: { url: APP_URL, parent: mainFrame } },
      'the main frame navigated elsewhere': { sender: webContents, senderFrame: { ...mainFrame, url: 'https://evil.example/' } },
      'a frame that is gone': { sender: webContents, senderFrame: null },
      'a page served from another file': { sender: webContents, senderFrame: { url: 'file:///tmp/evil.html' } },
    };
    for (const name of CALL_NAMES) {
      const handler = handlers.get(callChannel(name));
      if (!handler) throw new Error(`no handler for ${name}`);
      for (const [who, event] of Object.entries(foreign)) {
        expect(await handler(event, 1), `${name} from ${who}`).toEqual({
          ok: false,
          error: { code: 'invalid-input', message: "Calls are only accepted from MNIST Lab's own window." },
        });
      }
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('pass the app’s own calls to the services with their arguments', async () => {
    const { mainFrame, webContents, dispatch } = setup();
    for (const name of CALL_NAMES) {
      const handler = handlers.get(callChannel(name));
      expect(await handler?.({ sender: webContents, senderFrame: mainFrame }, 'a', 2)).toEqual({ ok: true, value: 'answered' });
      expect(dispatch).toHaveBeenLastCalledWith(name, ['a', 2]);
    }
  });
});

describe('the preload', () => {
  it('exposes exactly the contract’s calls and `on` as window.api, passing payloads but never the IPC event', async () => {
    await import('../../../preload/index');
    expect([...renderer.exposed.keys()]).toEqual(['api']);
    const api = renderer.exposed.get('api') as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');

    await api.getRun(3);
    expect(renderer.invoked).toEqual([[callChannel('getRun'), 3]]);
    const heard: unknown[] = [];
    const off = api.on('queueChanged', (payload: unknown) => heard.push(payload)) as () => void;
    renderer.listeners.get('lab:event:queueChanged')?.({ sender: 'the IPC event' }, ['payload']);
    expect(heard).toEqual([['payload']]);
    off();
    expect(renderer.listeners.size).toBe(0);
  });
});
