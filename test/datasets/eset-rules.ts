/**
 * The ESET business rules and consistency rules every seeded dataset must satisfy (the default
 * fixture and any generated one), as a list of human-readable violations: empty means clean.
 */
import { STATUS } from '../../src/apis/eset/enums.js';
import type { CommentRecord, EsetDataset } from '../../src/apis/eset/record.js';

const UUID_V4_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function esetRuleViolations(dataset: EsetDataset): string[] {
  const problems: string[] = [];
  const userUuids = new Set(dataset.users.map((user) => user.uuid));
  const seenUuids = new Set<string>();
  const unique = (uuid: string, what: string): void => {
    if (!UUID_V4_SHAPE.test(uuid)) problems.push(`${what}: ${uuid} is not a lowercase RFC 4122 v4 uuid`);
    if (seenUuids.has(uuid)) problems.push(`${what}: duplicate uuid ${uuid}`);
    seenUuids.add(uuid);
  };
  for (const user of dataset.users) unique(user.uuid, `user ${user.username}`);

  const commentsByIncident = new Map<string, CommentRecord[]>();
  for (const comment of dataset.comments) {
    unique(comment.uuid, `comment ${comment.uuid}`);
    const list = commentsByIncident.get(comment.incidentUuid) ?? [];
    list.push(comment);
    commentsByIncident.set(comment.incidentUuid, list);
  }

  const incidentUuids = new Set<string>();
  for (const incident of dataset.incidents) {
    const at = `incident ${incident.uuid} (${incident.displayName})`;
    const fail = (message: string): void => void problems.push(`${at}: ${message}`);
    unique(incident.uuid, at);
    incidentUuids.add(incident.uuid);
    const comments = commentsByIncident.get(incident.uuid) ?? [];
    const finals = comments.filter((comment) => comment.isFinalComment);
    const open = incident.status === STATUS.OPEN;
    const closed = incident.status === STATUS.CLOSED;

    if (incident.assigneeUuid === '' && !open) fail('unassigned but not OPEN');
    if (incident.assigneeUuid !== '' && !userUuids.has(incident.assigneeUuid)) fail('assignee is not a known user');
    if (closed) {
      if (incident.resolveReason === 0) fail('CLOSED without a resolve reason');
      if (finals.length !== 1) fail(`CLOSED with ${finals.length} final comments`);
      if (incident.responseSeconds === null) fail('CLOSED without a response duration');
    } else {
      if (incident.resolveReason !== 0) fail('resolve reason set but not CLOSED');
      if (finals.length !== 0) fail('final comment but not CLOSED');
      if (incident.responseSeconds !== null) fail('response duration but not CLOSED');
    }
    if (open && incident.triageSeconds !== null) fail('OPEN with a triage duration');
    if (!open && incident.triageSeconds === null) fail('left OPEN without a triage duration');
    if (incident.triageSeconds !== null && incident.responseSeconds !== null && incident.responseSeconds < incident.triageSeconds) {
      fail('responded before triage');
    }
    for (const seconds of [incident.triageSeconds, incident.responseSeconds]) {
      if (seconds !== null && (!Number.isInteger(seconds) || seconds < 0)) fail(`bad duration ${seconds}`);
      if (seconds !== null && incident.createTime + seconds * 1000 > incident.updateTime) fail('a duration ends after updateTime');
    }
    if (incident.updateTime < incident.createTime) fail('updateTime before createTime');

    if (incident.metrics.deviceCount !== incident.deviceUuids.length) fail('deviceCount differs from deviceUuids');
    if (incident.metrics.processCount < incident.metrics.executableCount) fail('fewer processes than executables');
    for (const [name, list] of [['tags', incident.tags], ['deviceUuids', incident.deviceUuids], ['detectionUuids', incident.detectionUuids]] as const) {
      if (new Set(list).size !== list.length) fail(`duplicate ${name}`);
      if (list.some((item) => item === '')) fail(`empty string in ${name}`);
    }
    for (const detection of incident.detectionUuids) unique(detection, `${at} detection`);

    for (const comment of comments) {
      const where = `comment ${comment.uuid}`;
      if (comment.createTime < incident.createTime) fail(`${where} predates the incident`);
      if (comment.updateTime < comment.createTime) fail(`${where} updated before it was created`);
      if (comment.updateTime > incident.updateTime) fail(`${where} is newer than the incident's updateTime`);
      if (!userUuids.has(comment.authorUuid)) fail(`${where} has an unknown author`);
      if (comment.text.trim() === '') fail(`${where} is empty`);
      if (comment.isFinalComment && comment.createTime !== incident.updateTime) fail(`${where}: the final comment is not the last change`);
    }
  }
  for (const incidentUuid of commentsByIncident.keys()) {
    if (!incidentUuids.has(incidentUuid)) problems.push(`comments of a missing incident ${incidentUuid}`);
  }
  return problems;
}
