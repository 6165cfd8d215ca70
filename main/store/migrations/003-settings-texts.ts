/**
 * Stores each distinct layers or hyperparameters text once and links every run to its two texts,
 * so listing thousands of runs reads and parses each distinct setting once instead of once per
 * run (runs of one preset share the same texts). The runs keep their own copies in layers_json and
 * hyperparameters_json: those stay the record, these are derived from them.
 */
import type { Migration } from './types';

const SCHEMA = `
CREATE TABLE settings_texts (
  id   INTEGER PRIMARY KEY,
  json TEXT    NOT NULL UNIQUE
);

ALTER TABLE runs ADD COLUMN layers_id INTEGER REFERENCES settings_texts (id);
ALTER TABLE runs ADD COLUMN hyperparameters_id INTEGER REFERENCES settings_texts (id);

INSERT OR IGNORE INTO settings_texts (json) SELECT layers_json FROM runs ORDER BY id;
INSERT OR IGNORE INTO settings_texts (json) SELECT hyperparameters_json FROM runs ORDER BY id;
UPDATE runs SET
  layers_id = (SELECT s.id FROM settings_texts s WHERE s.json = runs.layers_json),
  hyperparameters_id = (SELECT s.id FROM settings_texts s WHERE s.json = runs.hyperparameters_json);

-- Every writer links its runs the same way. NOT EXISTS rather than OR IGNORE: inside a trigger an
-- OR clause is overridden by the conflict policy of the statement that fired it.
CREATE TRIGGER runs_link_settings_texts
AFTER INSERT ON runs
BEGIN
  INSERT INTO settings_texts (json)
    SELECT NEW.layers_json WHERE NOT EXISTS (SELECT 1 FROM settings_texts WHERE json = NEW.layers_json);
  INSERT INTO settings_texts (json)
    SELECT NEW.hyperparameters_json WHERE NOT EXISTS (SELECT 1 FROM settings_texts WHERE json = NEW.hyperparameters_json);
  UPDATE runs SET
    layers_id = (SELECT id FROM settings_texts WHERE json = NEW.layers_json),
    hyperparameters_id = (SELECT id FROM settings_texts WHERE json = NEW.hyperparameters_json)
  WHERE id = NEW.id;
END;

-- A link always names the run's own text (the texts themselves are write-once, see 001).
CREATE TRIGGER runs_settings_links_match
BEFORE UPDATE OF layers_id, hyperparameters_id ON runs
WHEN NEW.layers_id IS NOT (SELECT id FROM settings_texts WHERE json = NEW.layers_json)
  OR NEW.hyperparameters_id IS NOT (SELECT id FROM settings_texts WHERE json = NEW.hyperparameters_json)
BEGIN
  SELECT RAISE(ABORT, 'A run is linked to settings that are not its own.');
END;

CREATE TRIGGER settings_texts_write_once
BEFORE UPDATE ON settings_texts
BEGIN
  SELECT RAISE(ABORT, 'Stored settings cannot be changed.');
END;
`;

export const settingsTexts: Migration = {
  version: 3,
  name: 'shared settings texts',
  up(db) {
    db.exec(SCHEMA);
  },
};
