/**
 * Adversarial's enums as they appear on the wire (display strings), written once. Status and
 * severity are stored as numbers so that ordering follows the enum, not the spelling: a status's
 * number is its index here (New < In Progress < Review < Closed), a severity's is the n of SEV-n
 * (SEV-1, the most severe, sorts first). Threat objectives and relevance are stored by index.
 */
export const INCIDENT_STATUSES = ['New', 'In Progress', 'Review', 'Closed'] as const;
export const SEVERITIES = ['SEV-1', 'SEV-2', 'SEV-3', 'SEV-4', 'SEV-5'] as const;
export const THREAT_OBJECTIVES = [
  'Sabotage',
  'Data Disclosure',
  'Extortion',
  'Customer Targeting',
  'Resource Hijacking',
  'Fraud',
] as const;
/** [inferred] Not published by Adversarial. */
export const RELEVANCES = ['High', 'Medium', 'Low'] as const;
/** [inferred] Not published by Adversarial; null or absent means Replace. */
export const TAG_OPERATIONS = ['Add', 'Remove', 'Replace'] as const;
/** Service-account roles. Risk Editor has no incident rights. */
export const ROLES = ['Editor', 'Incident Editor', 'Risk Editor'] as const;
export const INCIDENT_ROLES: readonly Role[] = ['Editor', 'Incident Editor'];

export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type ThreatObjective = (typeof THREAT_OBJECTIVES)[number];
export type Relevance = (typeof RELEVANCES)[number];
export type TagOperation = (typeof TAG_OPERATIONS)[number];
export type Role = (typeof ROLES)[number];

/** New incidents of unknown severity start here ("an absent severity tells the platform to score it"). */
export const DEFAULT_SEVERITY: Severity = 'SEV-4';
export const DEFAULT_STATUS: IncidentStatus = 'New';

export const severityNumber = (severity: Severity): number => SEVERITIES.indexOf(severity) + 1;
export const severityOf = (number: number): Severity => SEVERITIES[number - 1]!;

/** INC-00042: the display id of incident 42 (five digits at least, more when it needs them). */
export const displayId = (id: number): string => `INC-${String(id).padStart(5, '0')}`;

const ID_FORMS = /^(?:INC-)?(\d{1,15})$/;

/** The row id of `42`, `INC-00042` or `INC-42`; undefined for anything else. */
export function parseIncidentId(text: string): number | undefined {
  const match = ID_FORMS.exec(text);
  if (!match) return undefined;
  const id = Number(match[1]);
  return id >= 1 ? id : undefined;
}
