/** All SQL of ESET incident comments. A comment is always addressed through its incident. */
import { bulkValues, insertFlatRows } from '../../store/bulk-load.js';
import type { SqliteDatabase } from '../../store/database.js';
import type { CommentRecord } from './record.js';

interface CommentRow {
  uuid: string;
  incident_uuid: string;
  text: string;
  author_uuid: string;
  is_final_comment: number;
  create_time: number;
  update_time: number;
}

const COMMENT_COLUMNS = `c.uuid, i.uuid AS incident_uuid, c.text, c.author_uuid, c.is_final_comment, c.create_time, c.update_time`;

function rowToComment(row: CommentRow): CommentRecord {
  return {
    uuid: row.uuid,
    incidentUuid: row.incident_uuid,
    text: row.text,
    authorUuid: row.author_uuid,
    isFinalComment: row.is_final_comment === 1,
    createTime: row.create_time,
    updateTime: row.update_time,
  };
}

const commentValues = (comment: CommentRecord) => [
  comment.uuid,
  comment.incidentUuid,
  comment.text,
  comment.authorUuid,
  comment.isFinalComment ? 1 : 0,
  comment.createTime,
  comment.updateTime,
];

/** Columns of a bulk-loaded comment row: its incident by id, not by uuid (no lookup per row). */
const BULK_COLUMNS = ['uuid', 'incident_id', 'text', 'author_uuid', 'is_final_comment', 'create_time', 'update_time'];

/** Appends a comment of the incident `incidentId`, as a row of a bulk load (insertRows), to `rows`. */
export function appendBulkCommentRow(rows: unknown[], incidentId: number, comment: CommentRecord): void {
  rows.push(comment.uuid, incidentId, comment.text, comment.authorUuid, comment.isFinalComment ? 1 : 0, comment.createTime, comment.updateTime);
}

export class EsetCommentRepository {
  private readonly listStatement;
  private readonly getStatement;
  private readonly insertStatement;
  private readonly insertBulkRowStatement;
  private readonly insertBulkBatchStatement;
  private readonly updateTextStatement;
  private readonly deleteStatement;
  private readonly unfinalizeStatement;

  constructor(db: SqliteDatabase) {
    const from = 'FROM eset_comments c JOIN eset_incidents i ON i.id = c.incident_id';
    this.listStatement = db.prepare<[string], CommentRow>(
      `SELECT ${COMMENT_COLUMNS} ${from} WHERE i.uuid = ? ORDER BY c.create_time, c.uuid`,
    );
    this.getStatement = db.prepare<[string, string], CommentRow>(
      `SELECT ${COMMENT_COLUMNS} ${from} WHERE i.uuid = ? AND c.uuid = ?`,
    );
    const insert = (rows: string) =>
      db.prepare(`INSERT INTO eset_comments (uuid, incident_id, text, author_uuid, is_final_comment, create_time, update_time)
        VALUES ${rows}`);
    const row = '(?, (SELECT id FROM eset_incidents WHERE uuid = ?), ?, ?, ?, ?, ?)';
    this.insertStatement = insert(row);
    const bulkInsert = (rows: string) => db.prepare(`INSERT INTO eset_comments (${BULK_COLUMNS.join(', ')}) VALUES ${rows}`);
    const bulkRow = `(${BULK_COLUMNS.map(() => '?').join(', ')})`;
    this.insertBulkRowStatement = bulkInsert(bulkRow);
    this.insertBulkBatchStatement = bulkInsert(bulkValues(bulkRow));
    this.updateTextStatement = db.prepare('UPDATE eset_comments SET text = ?, update_time = ? WHERE uuid = ?');
    this.deleteStatement = db.prepare('DELETE FROM eset_comments WHERE uuid = ?');
    this.unfinalizeStatement = db.prepare(
      'UPDATE eset_comments SET is_final_comment = 0 WHERE is_final_comment = 1 AND incident_id = (SELECT id FROM eset_incidents WHERE uuid = ?)',
    );
  }

  /** The incident's comments, oldest first (uuid breaks ties). */
  list(incidentUuid: string): CommentRecord[] {
    return this.listStatement.all(incidentUuid).map(rowToComment);
  }

  get(incidentUuid: string, commentUuid: string): CommentRecord | undefined {
    const row = this.getStatement.get(incidentUuid, commentUuid);
    return row && rowToComment(row);
  }

  insert(comment: CommentRecord): void {
    this.insertStatement.run(commentValues(comment));
  }

  /** A bulk load's comments, as rows of appendBulkCommentRow, many per statement; their incidents are there already. */
  insertRows(rows: readonly unknown[]): void {
    insertFlatRows(rows, BULK_COLUMNS.length, this.insertBulkBatchStatement, this.insertBulkRowStatement);
  }

  updateText(commentUuid: string, text: string, updateTime: number): void {
    this.updateTextStatement.run(text, updateTime, commentUuid);
  }

  delete(commentUuid: string): void {
    this.deleteStatement.run(commentUuid);
  }

  /** Turns the incident's final comment (if any) into an ordinary one, as reopening does. */
  unfinalize(incidentUuid: string): void {
    this.unfinalizeStatement.run(incidentUuid);
  }
}
