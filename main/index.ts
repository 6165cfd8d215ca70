// Placeholder: the Electron entry is written once the services exist.
export {};
