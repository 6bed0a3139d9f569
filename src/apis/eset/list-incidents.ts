/**
 * The list use case: list parameters → compiled filter, sort, keyset position → a page of
 * incidents and the next page token. Knows the paging rules of ESET's list endpoint, no HTTP.
 */
import { FilterBudgetExceeded, type BudgetLimits } from '../../filter/budget.js';
import { RESIDUAL_BUDGET } from '../../filter/limits.js';
import type { CompileOptions } from '../../filter/compile.js';
import { parseOrderBy } from '../../filter/order-by.js';
import { QueryLanguageError, type CompiledFilter } from '../../filter/types.js';
import { invalidArgument } from '../../errors.js';
import type { PageTokenCodec } from '../../paging/page-token.js';
import { ESET_FIELDS } from './filter-fields.js';
import type { EsetIncidentRepository, ListedIncident, SortKey, SortTerm } from './incident-repository.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
/**
 * Without orderBy, oldest first [inferred]: ESET documents "the default sorting order is
 * ascending", and its own SIEM integrations poll with `create_time >= timestamp(checkpoint)` and no
 * orderBy, keeping the newest createTime of each page as the next checkpoint — which only works
 * when pages come oldest first.
 */
const DEFAULT_ORDER_BY = 'create_time';

export interface ListParameters {
  filter: string;
  orderBy: string;
  pageSize: number;
  pageToken: string;
}

export interface IncidentPage {
  /** The incidents as list items, in wire JSON, joined by commas. */
  items: string;
  nextPageToken: string;
}

/** The rows of one page as the query gave them: what a page depends on besides its token. */
interface PageRows {
  items: string;
  /** The last row of the page, when there is a next one. */
  last: ListedIncident | undefined;
}

/**
 * Keeps what `compute` gives under `key` while the data it was read from is unchanged (the
 * route's read cache); the default computes every time.
 */
export type PageKeeper = <T>(key: string, compute: () => T, sizeOf: (value: T) => number) => T;
const computeEveryTime: PageKeeper = (_key, compute) => compute();

/**
 * The filter language (the CEL library and RE2, a sixth of the emulator's code, ~20 ms to read
 * and set up) is loaded by the first list, not at start: many runs never list.
 */
type FilterLanguage = typeof import('../../filter/compile.js');
let filterLanguage: FilterLanguage | undefined;
let loadingFilterLanguage: Promise<FilterLanguage> | undefined;
function loadFilterLanguage(): Promise<FilterLanguage> {
  loadingFilterLanguage ??= import('../../filter/compile.js').then((language) => (filterLanguage = language));
  return loadingFilterLanguage;
}

/** A compiled filter and sort per distinct request text: paging through a list reuses them. */
class CompiledQueryCache {
  private readonly entries = new Map<string, { filter: CompiledFilter; sort: SortTerm[] }>();
  constructor(
    private readonly options: CompileOptions = {},
    private readonly capacity = 256,
  ) {}

  get(language: FilterLanguage, filter: string, orderBy: string) {
    const key = `${filter}\u0000${orderBy}`;
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
    } else {
      entry = { filter: compileListFilter(language, filter, this.options), sort: compileSort(orderBy) };
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, entry);
    return entry;
  }
}

function rejectQuery(parameter: string, error: unknown): never {
  if (error instanceof QueryLanguageError) {
    throw invalidArgument(`${parameter}: ${error.message} (at position ${error.position})`);
  }
  throw error;
}

function compileListFilter(language: FilterLanguage, filter: string, options: CompileOptions): CompiledFilter {
  try {
    return language.compileFilter(filter, ESET_FIELDS, options);
  } catch (error) {
    return rejectQuery('filter', error);
  }
}

/** orderBy terms as SQL, plus the uuid tie-break that makes every order total. */
function compileSort(orderBy: string): SortTerm[] {
  let terms;
  try {
    terms = parseOrderBy(orderBy.trim() === '' ? DEFAULT_ORDER_BY : orderBy, ESET_FIELDS);
  } catch (error) {
    return rejectQuery('orderBy', error);
  }
  const sort: SortTerm[] = terms.map((term) => {
    const field = ESET_FIELDS.fields[term.field];
    // A duration that does not apply yet sorts before every real one.
    const nullable = field?.kind === 'scalar' && field.nullable;
    return { expression: nullable ? `coalesce(${term.column}, -1)` : term.column, descending: term.descending };
  });
  if (!terms.some((term) => term.field === 'uuid')) {
    // Tie-break in the direction of the last term, so one index scan serves the whole order.
    sort.push({ expression: 'i.uuid', descending: sort.at(-1)?.descending ?? false });
  }
  return sort;
}

function listWithinBudget<T>(list: () => T): T {
  try {
    return list();
  } catch (error) {
    if (!(error instanceof FilterBudgetExceeded)) throw error;
    throw invalidArgument(
      `filter: ${error.message}; add conditions the database evaluates (==, <, in, has(), startsWith, contains, size) ` +
        'to narrow the rows, or a smaller pageSize',
    );
  }
}

export class IncidentLister {
  private readonly cache: CompiledQueryCache;

  constructor(
    private readonly pageTokens: PageTokenCodec,
    private readonly budget: BudgetLimits = RESIDUAL_BUDGET,
    /** How filters are compiled; `{sql: false}` evaluates them wholly in process (tests, diagnosis). */
    compileOptions: CompileOptions = {},
  ) {
    this.cache = new CompiledQueryCache(compileOptions);
  }

  async list(repository: EsetIncidentRepository, parameters: ListParameters, keep: PageKeeper = computeEveryTime): Promise<IncidentPage> {
    const language = filterLanguage ?? (await loadFilterLanguage());
    const { filter, sort } = this.cache.get(language, parameters.filter, parameters.orderBy);
    const pageSize = Math.min(parameters.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const boundQuery = `${parameters.filter}\u0000${parameters.orderBy}`;
    const position = parameters.pageToken === '' ? undefined : this.pageTokens.decode(parameters.pageToken, boundQuery);
    // Kept by the row the page starts after, as the token names it: while the data is unchanged
    // that row has the same sort key, and the page the same rows.
    const rows = keep(
      `eset list\u0000${boundQuery}\u0000${pageSize}\u0000${position?.row ?? ''}`,
      (): PageRows => {
        let after: SortKey | null = null;
        if (position) {
          const last = repository.sortKeyOf(position.rowId, sort);
          if (!last || !position.isRow(last.uuid)) {
            throw invalidArgument('pageToken points at an incident that no longer exists: start from the first page');
          }
          after = last.key;
        }
        const listed = listWithinBudget(() => repository.list({ filter, sort, after, limit: pageSize + 1, budget: this.budget }));
        const page = listed.slice(0, pageSize);
        return { items: page.map((row) => row.json).join(','), last: listed.length > pageSize ? page.at(-1) : undefined };
      },
      (kept) => 2 * kept.items.length + 200,
    );
    return { items: rows.items, nextPageToken: rows.last ? this.pageTokens.encode(rows.last, boundQuery) : '' };
  }
}
