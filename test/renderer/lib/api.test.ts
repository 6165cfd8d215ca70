import { afterEach, describe, expect, it } from 'vitest';
import { api, call, errorMessage, LabCallError } from '../../../renderer/src/lib/api';
import { createFakeApi } from '../fake-api';

describe('api wrapper', () => {
  afterEach(() => {
    Reflect.deleteProperty(window, 'api');
  });

  it('forwards to whatever window.api is installed at call time', async () => {
    window.api = createFakeApi();
    const result = await api.listPresets();
    expect(result.ok).toBe(true);
  });

  it('unwraps values and throws a LabCallError carrying the error', async () => {
    window.api = createFakeApi();
    const presets = await call('listPresets');
    expect(presets.length).toBeGreaterThan(0);
    const failure = await call('getRun', 404).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LabCallError);
    expect((failure as LabCallError).error.code).toBe('not-found');
    expect(errorMessage(failure)).toBe('There is no run 404.');
  });

  it('explains a page opened outside the app', () => {
    expect(() => api.queue).toThrow(/inside MNIST Lab/);
  });
});
