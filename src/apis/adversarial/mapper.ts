/**
 * Records → Adversarial's wire shapes: snake_case keys, display-string enums, INC-%05d ids,
 * RFC 3339 UTC times, users as User objects. Every key is written, null when it has no value.
 */
import { formatTimestamp } from '../../util/proto-time.js';
import { displayId } from './enums.js';
import type { CommentView, IncidentRecord, RegisterRowView, TagRecord, ThreatObjectiveRecord, UserRecord } from './record.js';
import type { CommentWire, IncidentWire, RegisterRowWire, TagWire, ThreatObjectiveWire, UserWire } from './schemas.js';

const time = (ms: number | null): string | null => (ms === null ? null : formatTimestamp(ms));

export function userToWire(user: UserRecord): UserWire {
  return { id: user.id, first_name: user.firstName, last_name: user.lastName, email: user.email, icon: user.icon };
}

const optionalUser = (user: UserRecord | null): UserWire | null => (user === null ? null : userToWire(user));

function tagToWire(tag: TagRecord): TagWire {
  return { content: tag.content, creator_id: tag.creatorId, id: tag.id, org_id: tag.orgId };
}

function threatObjectiveToWire(objective: ThreatObjectiveRecord): ThreatObjectiveWire {
  return { created_date: time(objective.createdDate), relevance: objective.relevance, threat_objective: objective.threatObjective };
}

export function incidentToWire(incident: IncidentRecord, assignedTo: UserRecord | null, openedBy: UserRecord | null): IncidentWire {
  return {
    assigned_to: optionalUser(assignedTo),
    contained_date: time(incident.containedDate),
    created_date: formatTimestamp(incident.createdDate),
    description: incident.description,
    detected_date: formatTimestamp(incident.detectedDate),
    id: displayId(incident.id),
    occurred_date: time(incident.occurredDate),
    opened_by: optionalUser(openedBy),
    responded_date: time(incident.respondedDate),
    severity: incident.severity,
    severity_reasoning: incident.severityReasoning,
    source: incident.source,
    status: incident.status,
    title: incident.title,
    updated_date: formatTimestamp(incident.updatedDate),
  };
}

export function registerRowToWire(view: RegisterRowView): RegisterRowWire {
  return {
    comment_count: view.commentCount,
    incident: incidentToWire(view.incident, view.assignedTo, view.openedBy),
    risk_associations: view.riskAssociations,
    tags: view.tags.map(tagToWire),
    threat_objectives: view.threatObjectives.map(threatObjectiveToWire),
  };
}

export function commentToWire({ comment, user }: CommentView): CommentWire {
  return {
    id: comment.id,
    value: comment.value,
    user: optionalUser(user),
    created_date: formatTimestamp(comment.createdDate),
    updated_date: formatTimestamp(comment.updatedDate),
  };
}
