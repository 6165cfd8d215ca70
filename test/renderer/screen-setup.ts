/**
 * What every screen test starts from: a fresh fake `window.api` (so no test sees another's runs)
 * and the app on the screen under test. Call it in `beforeEach`.
 */
import type { Preset } from '../../common/ipc/contract';
import { nav, type Screen } from '../../renderer/src/state/nav.svelte';
import { createFakeApi, SMALL_LAYERS, type FakeApi, type FakeApiOptions } from './fake-api';

export function installFakeApi(start: Screen, options: FakeApiOptions = {}): FakeApi {
  const api = createFakeApi(options);
  window.api = api;
  nav.go(start);
  return api;
}

/** A preset with the four small layers of SMALL_LAYERS, quick to design around. */
export function smallPreset(hyperparameters: Preset['hyperparameters']): Preset {
  return { id: 'small', name: 'Small', description: 'conv, pool, flatten, dense', layers: SMALL_LAYERS, hyperparameters };
}
