import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRunInputError } from '../../../main/store/errors';
import { migrate } from '../../../main/store/migrate';
import { ALL_MIGRATIONS } from '../../../main/store/migrations/index';
import { openDatabase } from '../../../main/store/open';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { matchesSearch } from '../../../common/training/run-search';
import { makeTempDir, newRun, removeTempDirs, steppingClock, WASM_INFO } from './fixtures';

let store: RunStore;

beforeEach(() => {
  store = openRunStore(path.join(makeTempDir(), 'runs.sqlite'), { now: steppingClock() });
});
afterEach(() => {
  store.close();
  removeTempDirs();
});

const names = (query?: Parameters<RunStore['listRuns']>[0]) => store.listRuns(query).map((r) => r.name);

describe('listRuns', () => {
  it('lists newest first and honours the limit', () => {
    for (const name of ['first', 'second', 'third']) store.createRun(newRun({ name }));
    expect(names()).toEqual(['third', 'second', 'first']);
    expect(names({ limit: 2 })).toEqual(['third', 'second']);
    expect(names({ limit: 0 })).toEqual([]);
    expect(() => store.listRuns({ limit: -3 })).toThrow(InvalidRunInputError);
  });

  it('breaks ties in creation time by id, newest first', () => {
    store.close();
    store = openRunStore(path.join(makeTempDir(), 'same-ms.sqlite'), { now: () => 1_000 });
    for (const name of ['a', 'b', 'c']) store.createRun(newRun({ name }));
    expect(names()).toEqual(['c', 'b', 'a']);
  });

  it('continues a listing after a given run, page by page, ties in time included', () => {
    store.close();
    let tick = 0;
    // Three runs per millisecond, so that pages end inside a run of equal creation times.
    store = openRunStore(path.join(makeTempDir(), 'pages.sqlite'), { now: () => 1_000 + Math.floor(tick++ / 3) });
    for (let i = 0; i < 11; i++) store.createRun(newRun({ name: `run ${i}` }));
    const all = store.listRuns();
    for (const size of [1, 2, 4, 5, 11]) {
      const pages: string[] = [];
      let page = store.listRuns({ limit: size });
      while (page.length > 0) {
        pages.push(...page.map((r) => r.name));
        const last = page[page.length - 1];
        page = store.listRuns({ limit: size, after: { createdAt: last.createdAt, id: last.id } });
      }
      expect(pages, `pages of ${size}`).toEqual(all.map((r) => r.name));
    }
  });

  it('filters by status and star', () => {
    const a = store.createRun(newRun({ name: 'a' }));
    const b = store.createRun(newRun({ name: 'b' }));
    store.createRun(newRun({ name: 'c' }));
    store.markRunning(a.id, WASM_INFO);
    store.finishRun(a.id, 'completed');
    store.finishRun(b.id, 'cancelled');
    store.updateRun(b.id, { starred: true });

    expect(names({ status: ['completed'] })).toEqual(['a']);
    expect(names({ status: ['completed', 'queued'] })).toEqual(['c', 'a']);
    expect(names({ status: [] })).toEqual([]);
    expect(names({ starred: true })).toEqual(['b']);
    expect(names({ starred: false })).toEqual(['c', 'a']);
    expect(names({ starred: true, status: ['completed'] })).toEqual([]);
  });

  it('searches name, notes, tags and preset, ignoring case', () => {
    const byName = store.createRun(newRun({ name: 'Wide ConvNet', presetId: null }));
    const byNotes = store.createRun(newRun({ name: 'n', presetId: null }));
    const byTag = store.createRun(newRun({ name: 't', presetId: null }));
    store.createRun(newRun({ name: 'p', presetId: 'convnet-std' }));
    store.createRun(newRun({ name: 'unrelated', presetId: null }));
    store.updateRun(byNotes.id, { notes: 'tried a bigger CONVNET here' });
    store.updateRun(byTag.id, { tags: ['baseline', 'ConvNet'] });

    expect(names({ search: 'convnet' })).toEqual(['p', 't', 'n', byName.name]);
    expect(names({ search: '  CONVNET  ' })).toHaveLength(4);
    expect(names({ search: 'baseline' })).toEqual(['t']);
    expect(names({ search: '' })).toHaveLength(5);
  });

  it('folds case beyond ASCII', () => {
    store.createRun(newRun({ name: 'Überprüfung', presetId: null }));
    expect(names({ search: 'überPRÜF' })).toEqual(['Überprüfung']);
  });

  it("treats '%', '_' and '\\' in a search literally", () => {
    for (const name of ['100% width', '100 wide', 'a_b', 'axb', 'back\\slash', 'backslash']) {
      store.createRun(newRun({ name, presetId: null }));
    }
    expect(names({ search: '100%' })).toEqual(['100% width']);
    expect(names({ search: '%' })).toEqual(['100% width']);
    expect(names({ search: 'a_b' })).toEqual(['a_b']);
    expect(names({ search: '_' })).toEqual(['a_b']);
    expect(names({ search: 'k\\s' })).toEqual(['back\\slash']);
  });

  it('finds the same runs as the Runs table: every word, any order, over status, backend, #id, tags and layers', () => {
    const a = store.createRun(newRun({ name: 'wide net', presetId: 'std' }));
    store.updateRun(a.id, { notes: 'lr sweep' });
    store.markRunning(a.id, WASM_INFO);
    store.finishRun(a.id, 'completed');
    const b = store.createRun(newRun({ name: 'narrow', presetId: null, layers: [{ type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }] }));
    store.updateRun(b.id, { tags: ['Baseline', 'keep'] });
    store.createRun(newRun({ name: 'queued one', presetId: 'fast99' }));
    const queries = ['std wasm', 'wasm std', 'completed', 'queued', `#${b.id}`, 'baseline keep', 'dense 10 softmax', 'flatten narrow', 'sweep', 'nothing here', 'WIDE', '  net   wide '];
    const all = store.listRuns();
    for (const search of queries) {
      const expected = all.filter((run) => matchesSearch(run, search)).map((run) => run.name);
      expect(names({ search }), search).toEqual(expected);
    }
    expect(names({ search: 'std wasm' })).toEqual(['wide net']);
    expect(names({ search: 'dense 10 softmax' }).length).toBeGreaterThan(0);
  });

  it('combines search with the other filters', () => {
    const a = store.createRun(newRun({ name: 'mnist a' }));
    store.createRun(newRun({ name: 'mnist b' }));
    store.finishRun(a.id, 'cancelled');
    store.deleteRun(a.id);
    expect(names({ search: 'mnist' })).toEqual(['mnist b']);
    expect(names({ search: 'mnist', includeDeleted: true, status: ['cancelled'] })).toEqual(['mnist a']);
  });
});

describe('tags', () => {
  it('trims, drops empties and repeats (ignoring case) and keeps the given order', () => {
    const { id } = store.createRun(newRun());
    const run = store.updateRun(id, { tags: ['  zeta ', 'alpha', '', 'ALPHA', 'zeta', '   ', 'mid'] });
    expect(run.tags).toEqual(['zeta', 'alpha', 'mid']);
    expect(store.getRun(id)?.tags).toEqual(['zeta', 'alpha', 'mid']);
    expect(store.listRuns()[0].tags).toEqual(['zeta', 'alpha', 'mid']);
  });

  it('replaces the whole set on update and leaves it alone when not given', () => {
    const { id } = store.createRun(newRun());
    store.updateRun(id, { tags: ['a', 'b'] });
    expect(store.updateRun(id, { notes: 'only notes' }).tags).toEqual(['a', 'b']);
    expect(store.updateRun(id, { tags: ['c'] }).tags).toEqual(['c']);
    expect(store.updateRun(id, { tags: [] }).tags).toEqual([]);
  });

  it('allows 50 tags of 64 characters and refuses more or longer, changing nothing', () => {
    const { id } = store.createRun(newRun());
    const fifty = Array.from({ length: 50 }, (_, i) => `${i}`.padEnd(64, 'x'));
    expect(store.updateRun(id, { tags: fifty }).tags).toEqual(fifty);
    expect(() => store.updateRun(id, { tags: [...fifty, 'one more'] })).toThrow(
      'A run can have at most 50 tags; 51 were given.',
    );
    expect(() => store.updateRun(id, { tags: ['y'.repeat(65)] })).toThrow(/is 65 characters long; tags can be at most 64/);
    expect(store.getRun(id)?.tags).toEqual(fifty);
  });

  it('lists each run with its own tags', () => {
    const a = store.createRun(newRun({ name: 'a' }));
    const b = store.createRun(newRun({ name: 'b' }));
    store.createRun(newRun({ name: 'c' }));
    store.updateRun(a.id, { tags: ['only-a'] });
    store.updateRun(b.id, { tags: ['b1', 'b2'] });
    expect(store.listRuns().map((r) => [r.name, r.tags])).toEqual([
      ['c', []],
      ['b', ['b1', 'b2']],
      ['a', ['only-a']],
    ]);
  });
});

describe('settings in a listing', () => {
  it('lists each run with the same layers and hyperparameters as reading it alone', () => {
    const dense = [{ type: 'flatten' as const }, { type: 'dense' as const, units: 10, activation: 'softmax' as const }];
    const plain = store.createRun(newRun({ name: 'plain' }));
    const seeded = store.createRun(newRun({ name: 'seeded', hyperparameters: { ...newRun().hyperparameters, seed: 99 } }));
    const custom = store.createRun(newRun({ name: 'custom', presetId: null, layers: dense }));
    store.updateRun(seeded.id, { tags: ['s'], starred: true });
    store.markRunning(custom.id, WASM_INFO);
    store.recordEpoch(custom.id, 1, 0.75);
    store.finishRun(custom.id, 'completed');

    const listed = store.listRuns();
    expect(listed.map((r) => r.name)).toEqual(['custom', 'seeded', 'plain']);
    for (const run of listed) expect(run).toEqual(store.getRun(run.id));
    expect(listed[0].layers).toEqual(dense);
    expect(listed[1].hyperparameters.seed).toBe(99);
    expect(listed[2].hyperparameters.seed).toBe(7);
    expect(plain.id).toBe(listed[2].id);
  });

  it('lists the runs of a data folder from before settings were shared', () => {
    const file = path.join(makeTempDir(), 'version-2.sqlite');
    const old = openDatabase(file);
    migrate(old, ALL_MIGRATIONS.filter((m) => m.version < 3));
    const insert = old.prepare(
      `INSERT INTO runs (name, status, layers_json, hyperparameters_json, params, seed, created_at)
       VALUES (?, 'completed', ?, ?, 10, 1, ?)`,
    );
    const { layers, hyperparameters } = newRun();
    insert.run('old a', JSON.stringify(layers), JSON.stringify(hyperparameters), 1);
    insert.run('old b', JSON.stringify(layers), JSON.stringify({ ...hyperparameters, seed: 1 }), 2);
    old.close();

    const upgraded = openRunStore(file);
    try {
      const listed = upgraded.listRuns();
      expect(listed.map((r) => r.name)).toEqual(['old b', 'old a']);
      for (const run of listed) expect(run).toEqual(upgraded.getRun(run.id));
      expect(listed[1].layers).toEqual(layers);
      expect(listed[0].hyperparameters).toEqual({ ...hyperparameters, seed: 1 });
    } finally {
      upgraded.close();
    }
  });

  it('gives runs recorded before the workers setting existed the one worker they trained on', () => {
    const file = path.join(makeTempDir(), 'before-workers.sqlite');
    const old = openDatabase(file);
    migrate(old, ALL_MIGRATIONS.filter((m) => m.version < 3));
    const { layers, hyperparameters } = newRun();
    const { workers: _unknownThen, ...recorded } = hyperparameters;
    old.prepare(
      `INSERT INTO runs (name, status, layers_json, hyperparameters_json, params, seed, created_at)
       VALUES ('from before', 'completed', ?, ?, 10, 1, 1)`,
    ).run(JSON.stringify(layers), JSON.stringify(recorded));
    old.close();

    const upgraded = openRunStore(file);
    try {
      const [listed] = upgraded.listRuns();
      expect(listed.hyperparameters.workers).toBe('1');
      expect(upgraded.getRun(listed.id)?.hyperparameters).toEqual({ ...recorded, workers: '1' });
      // A new run keeps what it was given.
      const fresh = upgraded.createRun(newRun({ hyperparameters: { ...hyperparameters, workers: 'auto' } }));
      expect(upgraded.getRun(fresh.id)?.hyperparameters.workers).toBe('auto');
    } finally {
      upgraded.close();
    }
  });

  it('shares one frozen object between runs trained with the same settings, and only those', () => {
    for (const name of ['a', 'b', 'c']) store.createRun(newRun({ name }));
    store.createRun(newRun({ name: 'other seed', hyperparameters: { ...newRun().hyperparameters, seed: 1 } }));
    const [other, c, b, a] = store.listRuns();
    expect(a.layers).toBe(b.layers);
    expect(a.layers).toBe(other.layers);
    expect(a.hyperparameters).toBe(c.hyperparameters);
    expect(other.hyperparameters).not.toBe(a.hyperparameters);
    expect(Object.isFrozen(a.layers) && Object.isFrozen(a.layers[0]) && Object.isFrozen(a.hyperparameters)).toBe(true);
    expect(() => {
      a.hyperparameters.epochs = 100;
    }).toThrow(TypeError);
    expect(b.hyperparameters.epochs).toBe(2);
    // The other seed's hyperparameters are its own alone: as changeable as they always were.
    expect(Object.isFrozen(other.hyperparameters)).toBe(false);
    // Each listing parses afresh, and a single run is the caller's own to change.
    expect(store.listRuns()[3].layers).not.toBe(a.layers);
    expect(Object.isFrozen(store.getRun(a.id)?.layers)).toBe(false);
  });
});

describe('text is stored verbatim or refused clearly', () => {
  const awkward = [
    `<img src=x onerror="alert('hi')">`,
    `Robert'); DROP TABLE runs;--`,
    `"double" 'single' \`back\``,
    'emoji 🧠 and ünïcödé',
    'line\nbreak\ttab',
  ];

  it('keeps HTML, quotes and SQL exactly in names, notes and tags', () => {
    for (const text of awkward) {
      const { id } = store.createRun(newRun({ name: text }));
      const updated = store.updateRun(id, { notes: text, tags: [text.slice(0, 64)] });
      expect(updated.name).toBe(text);
      expect(updated.notes).toBe(text);
      expect(updated.tags).toEqual([text.slice(0, 64).trim()]);
    }
    expect(store.listRuns()).toHaveLength(awkward.length);
    expect(names({ search: 'DROP TABLE' })).toEqual([awkward[1]]);
  });

  it('accepts a 200-character name and refuses a 10,000-character one', () => {
    expect(store.createRun(newRun({ name: 'n'.repeat(200) })).name).toHaveLength(200);
    expect(() => store.createRun(newRun({ name: 'n'.repeat(10_000) }))).toThrow(
      'The run name is 10000 characters long; names can be at most 200 characters.',
    );
    const { id } = store.createRun(newRun());
    expect(() => store.updateRun(id, { name: 'n'.repeat(201) })).toThrow(InvalidRunInputError);
    expect(store.getRun(id)?.name).toBe('tiny cnn');
  });

  it('counts an emoji as one character', () => {
    expect(store.createRun(newRun({ name: '🧠'.repeat(200) })).name).toBe('🧠'.repeat(200));
  });

  it('refuses empty names', () => {
    expect(() => store.createRun(newRun({ name: '   ' }))).toThrow('A run needs a name that is not empty.');
  });

  it('accepts 20,000 characters of notes and refuses more', () => {
    const { id } = store.createRun(newRun());
    expect(store.updateRun(id, { notes: 'x'.repeat(20_000) }).notes).toHaveLength(20_000);
    expect(() => store.updateRun(id, { notes: 'x'.repeat(20_001) })).toThrow(/notes can be at most 20000/);
  });
});

describe('many runs', () => {
  it('lists 10,000 runs with their tags, newest first', () => {
    const count = 10_000;
    for (let i = 0; i < count; i++) {
      const { id } = store.createRun(newRun({ name: `run ${i}` }));
      if (i % 100 === 0) store.updateRun(id, { tags: [`hundred-${i / 100}`, 'sampled'] });
    }
    const all = store.listRuns();
    expect(all).toHaveLength(count);
    expect(all[0].name).toBe(`run ${count - 1}`);
    expect(all[count - 1].name).toBe('run 0');
    for (let i = 1; i < all.length; i++) expect(all[i - 1].createdAt).toBeGreaterThan(all[i].createdAt);
    const tagged = all.filter((r) => r.tags.length > 0);
    expect(tagged).toHaveLength(count / 100);
    expect(tagged.every((r) => r.tags[0] === `hundred-${Number(r.name.slice(4)) / 100}`)).toBe(true);
    expect(store.listRuns({ search: 'sampled' })).toHaveLength(count / 100);
    expect(store.listRuns({ limit: 25 }).map((r) => r.name)).toEqual(all.slice(0, 25).map((r) => r.name));
  });
});
