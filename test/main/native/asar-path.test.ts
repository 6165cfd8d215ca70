import { describe, expect, it } from 'vitest';
import { unpackedPath } from '../../../main/native/asar-path';

describe('unpackedPath', () => {
  it('maps a path inside app.asar to app.asar.unpacked, on POSIX and Windows', () => {
    expect(unpackedPath('/opt/MNIST Lab/resources/app.asar/node_modules/@tensorflow/tfjs-backend-wasm/dist')).toBe(
      '/opt/MNIST Lab/resources/app.asar.unpacked/node_modules/@tensorflow/tfjs-backend-wasm/dist',
    );
    expect(unpackedPath('C:\\Program Files\\MNIST Lab\\resources\\app.asar\\out\\main')).toBe('C:\\Program Files\\MNIST Lab\\resources\\app.asar.unpacked\\out\\main');
  });

  it('leaves every other path alone', () => {
    expect(unpackedPath('/work/main/node_modules/@tensorflow/tfjs-backend-wasm/dist')).toBe('/work/main/node_modules/@tensorflow/tfjs-backend-wasm/dist');
    expect(unpackedPath('/x/app.asar.unpacked/y')).toBe('/x/app.asar.unpacked/y');
    expect(unpackedPath('/x/my-app.asar/y')).toBe('/x/my-app.asar/y');
  });
});
