// Chromium's profile folder: never the data folder, one per data folder, in the OS's cache folder.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronProfileDir } from '../../../main/electron/profile-dir';
import { defaultHomeDir } from '../../../main/home';

describe('electronProfileDir', () => {
  it('is outside the data folder on every OS', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const env = { APPDATA: 'C:\\Users\\a\\AppData\\Roaming', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' };
      const home = defaultHomeDir(env, platform);
      const profile = electronProfileDir(home, env, platform);
      expect(profile.startsWith(home)).toBe(false);
      expect(profile).toContain('MNIST Lab');
    }
  });

  it('follows XDG_CACHE_HOME, and differs between data folders but not between calls', () => {
    const env = { XDG_CACHE_HOME: '/tmp/cache' };
    const a = electronProfileDir('/data/a', env, 'linux');
    expect(a.startsWith(join('/tmp/cache', 'MNIST Lab', 'profile-'))).toBe(true);
    expect(electronProfileDir('/data/a', env, 'linux')).toBe(a);
    expect(electronProfileDir('/data/b', env, 'linux')).not.toBe(a);
  });
});
