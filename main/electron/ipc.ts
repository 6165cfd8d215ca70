/**
 * IPC handlers, derived from the contract: one handler per call name, each checking that the
 * message comes from the app's own main frame before the services validate its arguments.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, callChannel, eventChannel, type Result } from '../../common/ipc/contract';
import type { LabServices } from '../services/lab-services';
import { isTrustedSenderUrl } from './security';

export function registerIpc(services: LabServices, window: BrowserWindow, appUrl: string): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean =>
    event.sender === window.webContents &&
    event.senderFrame !== null &&
    event.senderFrame === window.webContents.mainFrame &&
    isTrustedSenderUrl(event.senderFrame.url, appUrl);

  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), (event, ...args: unknown[]): Promise<Result<unknown>> | Result<unknown> => {
      if (!trusted(event)) return { ok: false, error: { code: 'invalid-input', message: 'Calls are only accepted from MNIST Lab\'s own window.' } };
      return services.dispatch(name, args);
    });
  }
  const offs = EVENT_NAMES.map((name) =>
    services.on(name, (payload) => {
      if (!window.isDestroyed()) window.webContents.send(eventChannel(name), payload);
    }),
  );
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
    for (const off of offs) off();
  };
}
