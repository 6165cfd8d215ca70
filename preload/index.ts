// Placeholder: the preload is derived from common/ipc/contract.ts.
export {};
