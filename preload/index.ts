/**
 * The renderer's only door to the lab: `window.api`, built from the contract. Sandboxed (CommonJS,
 * no Node): nothing but ipcRenderer.invoke/on crosses the bridge, and the IPC event object (with
 * its sender) never reaches the page, only the payload.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApiClient } from '../common/ipc/client';
import { callChannel, eventChannel, type Result } from '../common/ipc/contract';

const api = createApiClient({
  invoke: (name, args) => ipcRenderer.invoke(callChannel(name), ...args) as Promise<Result<unknown>>,
  subscribe: (event, listener) => {
    const wrapped = (_e: IpcRendererEvent, payload: Parameters<typeof listener>[0]): void => listener(payload);
    ipcRenderer.on(eventChannel(event), wrapped);
    return () => void ipcRenderer.removeListener(eventChannel(event), wrapped);
  },
});

contextBridge.exposeInMainWorld('api', api);
