/**
 * The contract between the filter language and the API that uses it. The compiler knows no
 * HTTP and no particular API: an API hands it a FieldCatalog (its whitelist of filterable and
 * sortable fields, and where each lives in SQL), and gets back SQL with bound parameters.
 */

/** Scalar field types, as CEL sees them. Enums are stored as their protobuf number. */
export type ScalarType = 'string' | 'int' | 'timestamp' | 'duration' | 'enum';

export interface ScalarField {
  kind: 'scalar';
  type: ScalarType;
  /** SQL expression of the column, qualified with the row alias (e.g. `i.severity`). */
  column: string;
  /** For enums: the value names; a name's index is its number. */
  enumValues?: readonly string[];
  /** True when the column may be SQL NULL (durations that do not apply yet). */
  nullable?: boolean;
  /** False for fields that may be filtered but not used in orderBy. Default true. */
  sortable?: boolean;
}

export interface ListField {
  kind: 'list';
  elementType: 'string';
  /** SQL expression of the JSON array column (wire order). */
  column: string;
  /** SQL expression of the element count column (indexed; for size()). */
  countColumn: string;
  /** Side table with one row per element, for indexed membership tests. */
  membership: { table: string; valueColumn: string; rowIdColumn: string };
}

export type FieldDef = ScalarField | ListField;

export interface FieldCatalog {
  /** SQL expression of the row's primary key, as the membership tables reference it (e.g. `i.id`). */
  rowId: string;
  /** Optional message name that prefixes field paths in expressions (`incident.severity`). */
  messageName?: string;
  /** Fields by canonical snake_case path (`display_name`, `metrics.device_count`). */
  fields: Readonly<Record<string, FieldDef>>;
}

/** A field value as in-process evaluation sees it (the repository builds these from rows). */
export type FieldValue = string | number | null | readonly string[];
/** A row for in-process evaluation: canonical snake_case path → value. Timestamps are epoch ms,
 * durations seconds, enums numbers. */
export type FilterRow = Readonly<Record<string, FieldValue>>;

export interface CompiledFilter {
  /** SQL boolean expression ('1' when everything is left to `residual` or there is no filter). */
  sql: string;
  /** Bound parameters for `sql`, in order. */
  params: Array<string | number>;
  /**
   * What SQL could not express, evaluated in process on each row SQL returned (null when SQL
   * expresses the whole filter). A row matches when sql holds AND residual returns true.
   */
  residual: ((row: FilterRow) => boolean) | null;
  /**
   * How the rows for `residual` are read: the SQL columns of the fields it reads (and no others)
   * and how one row's values of them, from `offset` on, become its FilterRow.
   */
  residualRow: ResidualRowReader;
}

export interface ResidualRowReader {
  columns: readonly string[];
  read(values: readonly unknown[], offset: number): FilterRow;
}

/** An invalid filter or orderBy: what is wrong and where (0-based offset into the input). */
export class QueryLanguageError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'QueryLanguageError';
  }
}

/** One term of a parsed orderBy: the canonical field, its SQL column, and the direction. */
export interface OrderTerm {
  /** Canonical snake_case path (`metrics.device_count`). */
  field: string;
  /** SQL expression of the column, from the catalog. */
  column: string;
  descending: boolean;
}
