/** Small key/value facts about a dataset: when and from what it was seeded, signing secrets. */
import type { SqliteDatabase } from './database.js';

export class MetaRepository {
  private readonly getStatement;
  private readonly setStatement;

  constructor(db: SqliteDatabase) {
    this.getStatement = db.prepare<[string], { value: string }>('SELECT value FROM emulator_meta WHERE key = ?');
    this.setStatement = db.prepare<[string, string]>(
      'INSERT INTO emulator_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: string): string | undefined {
    return this.getStatement.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.setStatement.run(key, value);
  }
}
