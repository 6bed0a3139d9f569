/**
 * Prepared statements by SQL text, for queries built per request (filters, orders): a repeated
 * request reuses its query plan. Bounded, since the set of distinct texts is open-ended; the
 * oldest statement goes first.
 */
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

export class StatementCache {
  private readonly statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(
    private readonly db: SqliteDatabase,
    private readonly capacity = 256,
  ) {}

  get<Row>(sql: string): Statement<unknown[], Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= this.capacity) this.statements.delete(this.statements.keys().next().value!);
      statement = this.db.prepare<unknown[], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement as Statement<unknown[], Row>;
  }
}
