/**
 * All SQL of Adversarial incident comments. A comment is always addressed through its incident;
 * its author comes with it, looked up through the account repository.
 */
import type { SqliteDatabase } from '../../store/database.js';
import type { AdversarialAccountRepository } from './account-repository.js';
import type { CommentRecord, CommentView, UserRecord } from './record.js';

interface CommentRow {
  id: string;
  incident_id: number;
  value: string;
  user_id: string | null;
  created_date: number;
  updated_date: number;
}

export class AdversarialCommentRepository {
  private readonly listStatement;
  private readonly insertStatement;

  constructor(
    db: SqliteDatabase,
    private readonly accounts: AdversarialAccountRepository,
  ) {
    // A rowid table: comments of the same millisecond list in the order they were written.
    this.listStatement = db.prepare<[number], CommentRow>(
      'SELECT id, incident_id, value, user_id, created_date, updated_date FROM adv_comments WHERE incident_id = ? ORDER BY created_date, rowid',
    );
    this.insertStatement = db.prepare(
      'INSERT INTO adv_comments (id, incident_id, value, user_id, created_date, updated_date) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** The incident's comments, oldest first, each with its author (null when there is none). */
  list(incidentId: number): CommentView[] {
    const users = new Map<string, UserRecord | null>();
    const userOf = (id: string | null) => {
      if (id === null) return null;
      if (!users.has(id)) users.set(id, this.accounts.user(id) ?? null);
      return users.get(id)!;
    };
    return this.listStatement.all(incidentId).map((row) => ({
      comment: {
        id: row.id,
        incidentId: row.incident_id,
        value: row.value,
        userId: row.user_id,
        createdDate: row.created_date,
        updatedDate: row.updated_date,
      },
      user: userOf(row.user_id),
    }));
  }

  insert(comment: CommentRecord): void {
    this.insertStatement.run(comment.id, comment.incidentId, comment.value, comment.userId, comment.createdDate, comment.updatedDate);
  }
}
