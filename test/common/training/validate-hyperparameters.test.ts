import { describe, expect, it } from 'vitest';
import { completeStoredHyperparameters, DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../../common/training/hyperparameters';
import { parseHyperparameters } from '../../../common/training/validate-hyperparameters';

const KNOWN =
  'optimizer, learningRate, momentum, beta1, beta2, schedule, stepEvery, stepFactor, batchSize, epochs, validationSplit, seed, earlyStoppingPatience, augment, trainLimit, testLimit, backend, workers';

describe('parseHyperparameters', () => {
  it('returns the base for no input', () => {
    expect(parseHyperparameters(undefined)).toEqual({ value: DEFAULT_HYPERPARAMETERS, issues: [] });
    expect(parseHyperparameters(null)).toEqual({ value: DEFAULT_HYPERPARAMETERS, issues: [] });
    expect(parseHyperparameters({})).toEqual({ value: DEFAULT_HYPERPARAMETERS, issues: [] });
  });

  it('merges a partial input over the base without changing the base', () => {
    const base: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, epochs: 7 };
    const parsed = parseHyperparameters({ batchSize: 256, trainLimit: 1000, augment: 'handwriting' }, base);
    expect(parsed.issues).toEqual([]);
    expect(parsed.value).toEqual({ ...base, batchSize: 256, trainLimit: 1000, augment: 'handwriting' });
    expect(base.batchSize).toBe(DEFAULT_HYPERPARAMETERS.batchSize);
  });

  it('accepts the edges of every range', () => {
    const edges = {
      learningRate: 1,
      momentum: 0,
      beta1: 0,
      beta2: 0.9999,
      batchSize: 4096,
      epochs: 1000,
      validationSplit: 0.5,
      seed: -5,
      earlyStoppingPatience: 100,
      stepEvery: 1,
      stepFactor: 1,
      trainLimit: 1,
      testLimit: null,
    };
    expect(parseHyperparameters(edges).issues).toEqual([]);
    expect(parseHyperparameters({ validationSplit: 0, earlyStoppingPatience: 0, batchSize: 1, epochs: 1 }).issues).toEqual([]);
  });

  it('reports every bad field, each naming the field, the allowed values and the default', () => {
    const bad = {
      optimizer: 'adagrad',
      learningRate: 0,
      momentum: 1,
      beta1: 1,
      beta2: -0.1,
      schedule: 'linear',
      stepEvery: 0,
      stepFactor: 1.5,
      batchSize: 4097,
      epochs: 2.5,
      validationSplit: 0.6,
      seed: 1.5,
      earlyStoppingPatience: 101,
      augment: 'yes',
      trainLimit: 0,
      testLimit: '100',
      backend: 'metal',
      workers: 2,
    };
    const parsed = parseHyperparameters(bad);
    expect(parsed.value).toBeNull();
    expect(parsed.issues.map((found) => [found.field, found.message])).toEqual([
      ['optimizer', "optimizer must be one of adam, sgd, rmsprop, but it is 'adagrad': change it, e.g. to the default 'adam'."],
      ['learningRate', 'learningRate must be a number greater than 0 and at most 1, but it is 0: change it, e.g. to the default 0.001.'],
      ['momentum', 'momentum must be a number from 0 up to (not including) 1, but it is 1: change it, e.g. to the default 0.9.'],
      ['beta1', 'beta1 must be a number from 0 up to (not including) 1, but it is 1: change it, e.g. to the default 0.9.'],
      ['beta2', 'beta2 must be a number from 0 up to (not including) 1, but it is -0.1: change it, e.g. to the default 0.999.'],
      ['schedule', "schedule must be one of constant, step, oneCycle, cosine, but it is 'linear': change it, e.g. to the default 'constant'."],
      ['stepEvery', 'stepEvery must be a whole number of at least 1, but it is 0: change it, e.g. to the default 2.'],
      ['stepFactor', 'stepFactor must be a number greater than 0 and at most 1, but it is 1.5: change it, e.g. to the default 0.5.'],
      ['batchSize', 'batchSize must be a whole number from 1 to 4096, but it is 4097: change it, e.g. to the default 128.'],
      ['epochs', 'epochs must be a whole number from 1 to 1000, but it is 2.5: change it, e.g. to the default 3.'],
      ['validationSplit', 'validationSplit must be a number from 0 to 0.5, but it is 0.6: change it, e.g. to the default 0.1.'],
      ['seed', 'seed must be a whole number, but it is 1.5: change it, e.g. to the default 42.'],
      ['earlyStoppingPatience', 'earlyStoppingPatience must be a whole number from 0 to 100, but it is 101: change it, e.g. to the default 0.'],
      ['augment', "augment must be one of off, shift, handwriting, but it is 'yes': change it, e.g. to the default 'off'."],
      ['trainLimit', 'trainLimit must be null (meaning all) or a whole number of at least 1, but it is 0: change it, e.g. to the default null.'],
      ['testLimit', "testLimit must be null (meaning all) or a whole number of at least 1, but it is '100': change it, e.g. to the default null."],
      ['backend', "backend must be one of auto, tfjs-node-gpu, tfjs-node, wasm, cpu, but it is 'metal': change it, e.g. to the default 'auto'."],
      ['workers', "workers must be one of auto, 1, 2, 3, 4, but it is 2: change it, e.g. to the default 'auto'."],
    ]);
    expect(parsed.issues.every((found) => found.layerIndex === null)).toBe(true);
  });

  it.each([
    ['learningRate', Number.NaN],
    ['learningRate', Number.POSITIVE_INFINITY],
    ['learningRate', -0.1],
    ['learningRate', '0.01'],
    ['batchSize', 0],
    ['batchSize', null],
    ['epochs', 0],
    ['seed', Number.MAX_SAFE_INTEGER + 2],
    ['trainLimit', 10.5],
    ['momentum', -0.5],
    ['augment', 1],
  ])('rejects %s = %o', (field, value) => {
    const parsed = parseHyperparameters({ [field]: value });
    expect(parsed.value).toBeNull();
    expect(parsed.issues.map((found) => found.field)).toEqual([field]);
  });

  it('reads augmentation as off, shift or handwriting, and the older true/false as shift/off', () => {
    expect(parseHyperparameters({ augment: 'handwriting' }).value?.augment).toBe('handwriting');
    expect(parseHyperparameters({ augment: true }).value?.augment).toBe('shift');
    expect(parseHyperparameters({ augment: false }).value?.augment).toBe('off');
    expect(parseHyperparameters({ augment: 'on' }).issues.map((found) => found.field)).toEqual(['augment']);
    // A run stored before the setting had three values reads back as what it trained with.
    const stored = JSON.parse(JSON.stringify({ ...DEFAULT_HYPERPARAMETERS, augment: true })) as typeof DEFAULT_HYPERPARAMETERS;
    expect(completeStoredHyperparameters(stored).augment).toBe('shift');
    const off = JSON.parse(JSON.stringify({ ...DEFAULT_HYPERPARAMETERS, augment: false })) as typeof DEFAULT_HYPERPARAMETERS;
    expect(completeStoredHyperparameters(off).augment).toBe('off');
  });

  it('reports unknown settings, suggesting a field that differs only in case', () => {
    expect(parseHyperparameters({ learningrate: 0.1, lr: 0.1 }).issues).toEqual([
      { layerIndex: null, field: 'learningrate', message: `There is no setting called 'learningrate': did you mean learningRate? known settings are ${KNOWN}.` },
      { layerIndex: null, field: 'lr', message: `There is no setting called 'lr': known settings are ${KNOWN}.` },
    ]);
  });

  it('ignores prototype tricks and returns only known fields', () => {
    const parsed = parseHyperparameters(JSON.parse('{"__proto__": {"epochs": 999}, "epochs": 4}'));
    expect(parsed.issues.map((found) => found.field)).toEqual(['__proto__']);
    const clean = parseHyperparameters(JSON.parse('{"epochs": 4}'));
    expect(Object.keys(clean.value!).sort()).toEqual(Object.keys(DEFAULT_HYPERPARAMETERS).sort());
  });

  it.each([[[1, 2]], ['epochs=3'], [5], [true]])('rejects %o as a settings object', (input) => {
    const parsed = parseHyperparameters(input);
    expect(parsed.value).toBeNull();
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0].message).toMatch(/^Training settings must be an object of named values, e\.g\. \{"epochs": 3, "batchSize": 128\}, but got /);
  });

  it('checks the base too, so a bad preset cannot slip through', () => {
    const parsed = parseHyperparameters({}, { ...DEFAULT_HYPERPARAMETERS, batchSize: 0 });
    expect(parsed.issues.map((found) => found.field)).toEqual(['batchSize']);
  });

  it('never throws, even on inputs with throwing getters', () => {
    const hostile = Object.defineProperty({}, 'epochs', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const parsed = parseHyperparameters(hostile);
    expect(parsed.value).toBeNull();
    expect(parsed.issues[0].message).toBe('The training settings could not be read (boom): pass plain JSON data.');
  });
});
