/** The lab's own settings in the data folder (migration 009): one JSON value per key, shared by the app and the command line. */
import type { Database } from './open';

export interface LabSettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export function createLabSettingsStore(db: Database): LabSettingsStore {
  const select = db.prepare<[string], { value_json: string }>('SELECT value_json FROM lab_settings WHERE key = ?');
  const upsert = db.prepare<[string, string]>('INSERT INTO lab_settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json');
  return {
    get(key) {
      const row = select.get(key);
      return row ? (JSON.parse(row.value_json) as unknown) : undefined;
    },
    set(key, value) {
      upsert.run(key, JSON.stringify(value));
    },
  };
}
