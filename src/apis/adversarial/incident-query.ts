/**
 * What a list request asks for, in the API's own terms and free of HTTP and SQL: list-query.ts
 * builds it from the query string, the incident repository turns it into SQL.
 */
import type { IncidentStatus, Severity, ThreatObjective } from './enums.js';

export const DATE_FIELDS = ['created_date', 'updated_date', 'detected_date', 'occurred_date', 'responded_date', 'contained_date'] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/** Fields `order_by` accepts. */
export const ORDER_FIELDS = ['id', 'title', 'status', 'severity', 'source', ...DATE_FIELDS] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];

/** Inclusive bounds in epoch ms; null is an open end. */
interface DateRange {
  from: number | null;
  to: number | null;
}

/** Each present criterion must hold; a list matches when the incident has any of its values. */
export interface IncidentFilter {
  ids?: number[];
  titleContains?: string;
  descriptionContains?: string;
  freeText?: string;
  severities?: Severity[];
  statuses?: IncidentStatus[];
  sources?: string[];
  assignedTo?: string[];
  openedBy?: string[];
  threatObjectives?: ThreatObjective[];
  tags?: string[];
  dates?: Partial<Record<DateField, DateRange>>;
}

export interface OrderTerm {
  field: OrderField;
  descending: boolean;
}

export interface IncidentListQuery {
  filter: IncidentFilter;
  /** The row id breaks ties after these, so pages never overlap. */
  order: OrderTerm[];
  limit: number;
  offset: number;
}
