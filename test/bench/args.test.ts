import { describe, expect, it } from 'vitest';
import { DEBIAN_OPTDIGITS, parseBenchArgs } from '../../bench/args';
import { LOOKS } from '../../bench/real-writers-looks';

describe('bench arguments for the PyTorch comparison', () => {
  it('reads --to-accuracy, seeds and --vs-torch together', () => {
    const options = parseBenchArgs(['--to-accuracy', '0.99', '--seed', '1,2,3,4,5', '--vs-torch']);
    expect(options.toAccuracy).toBe(0.99);
    expect(options.seeds).toEqual([1, 2, 3, 4, 5]);
    expect(options.vsTorch).toBe(true);
  });

  it("leaves PyTorch's threads to the project's count unless given", () => {
    expect(parseBenchArgs(['--to-accuracy', '0.99', '--vs-torch']).torchThreads).toBeNull();
    expect(parseBenchArgs(['--to-accuracy=0.99', '--vs-torch', '--torch-threads=3']).torchThreads).toBe(3);
  });

  it('is off unless asked for', () => {
    expect(parseBenchArgs(['--to-accuracy', '0.99']).vsTorch).toBe(false);
  });

  it('refuses --vs-torch without --to-accuracy, and thread counts that are not whole numbers above 0', () => {
    expect(() => parseBenchArgs(['--vs-torch'])).toThrow(/--to-accuracy/);
    expect(() => parseBenchArgs(['--to-accuracy', '0.99', '--vs-torch', '--torch-threads', '0'])).toThrow(/--torch-threads/);
    expect(() => parseBenchArgs(['--to-accuracy', '0.99', '--torch-threads', '1.5'])).toThrow(/whole number/);
  });
});

describe('bench arguments for the real writers', () => {
  it("reads Debian's copy of the digits unless --optdigits names another", () => {
    const options = parseBenchArgs(['--parts', 'real-writers', '--run', '3']);
    expect(options.parts).toEqual(['real-writers']);
    expect(options.runId).toBe(3);
    expect(options.optdigits).toBe(DEBIAN_OPTDIGITS);
    expect(parseBenchArgs(['--parts=real-writers', '--optdigits=/data/digits.csv.gz']).optdigits).toBe('/data/digits.csv.gz');
  });

  it('draws every look unless --looks names some, and refuses a look it does not know', () => {
    expect(parseBenchArgs(['--parts', 'real-writers']).looks).toEqual([...LOOKS]);
    expect(parseBenchArgs(['--looks', 'thin,light-on-dark']).looks).toEqual(['thin', 'light-on-dark']);
    expect(() => parseBenchArgs(['--looks', 'sepia'])).toThrow(/sepia/);
  });
});
