/**
 * `window.api` for the page that `mnist-lab serve` serves: the same client as Electron's preload
 * (common/ipc/client), carried by the server's WebSocket instead of IPC. Installed before the app
 * mounts, so no screen knows which transport it has. A lost connection shows a banner until it is
 * back, and then the page reloads.
 */
import { createApiClient } from '../../../common/ipc/client';
import { SOCKET_PATH } from '../../../common/ipc/socket-protocol';
import { createSocketTransport, type ConnectionState, type SocketLike } from '../../../common/ipc/socket-transport';

function socketUrl(): string {
  const url = new URL(SOCKET_PATH, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  return url.href;
}

function connectionBanner(): (state: ConnectionState, detail: string) => void {
  let banner: HTMLElement | null = null;
  return (state, detail) => {
    if (state === 'open') {
      // Back after a drop: events were missed meanwhile, so the page starts again from what the lab holds now.
      if (banner) window.location.reload();
      return;
    }
    if (state !== 'lost') return;
    if (!banner) {
      banner = document.createElement('div');
      banner.className = 'connection-banner';
      banner.setAttribute('role', 'alert');
      document.body.append(banner);
    }
    banner.textContent = detail;
  };
}

export function installServedApi(): void {
  const transport = createSocketTransport({
    open: () => new WebSocket(socketUrl()) as unknown as SocketLike,
    onState: connectionBanner(),
  });
  Object.defineProperty(window, 'api', { value: createApiClient(transport), enumerable: true });
}
