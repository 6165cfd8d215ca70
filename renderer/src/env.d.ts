/// <reference types="svelte" />
/// <reference types="vite/client" />
import type { LabApi } from '../../common/ipc/contract';

declare global {
  interface Window {
    /** The lab's API, put on the page by the preload (or the end-to-end harness). */
    api: LabApi;
  }
}

export {};
