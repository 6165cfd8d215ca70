import { describe, expect, it } from 'vitest';
import { defaultHomeDir, resolveHomeDir } from '../../main/home';

describe('the data folder', () => {
  it('is the OS per-user app folder named after the app, as Electron computes userData', () => {
    expect(defaultHomeDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/MNIST Lab');
    expect(defaultHomeDir({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toMatch(/Roaming[\\/]MNIST Lab$/);
    expect(defaultHomeDir({}, 'darwin')).toMatch(/Library\/Application Support\/MNIST Lab$/);
  });

  it('prefers --home, then MNIST_LAB_HOME', () => {
    expect(resolveHomeDir('/x/y', { MNIST_LAB_HOME: '/z' })).toBe('/x/y');
    expect(resolveHomeDir(null, { MNIST_LAB_HOME: '/z' })).toBe('/z');
  });
});
