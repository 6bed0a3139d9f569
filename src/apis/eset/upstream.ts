/**
 * What the upstream modes need to know about ESET (upstream/plugin.ts), and how its answers
 * become eset.json in record mode: incidents from lists, gets and updates (a get's
 * device and detection uuids are kept when a later list shows them empty), comments from comment
 * answers, nested in their incident. Scrubbed: names and descriptions, comment texts and tags are
 * free text (hosts and people hide in them) and become fakes; uuids, enums, counts, durations and
 * times are kept. The one user is the documented default, so the recording starts as is.
 */
import { parseEsetFixture, type EsetFixtureFile } from './fixture.js';
import { DEFAULT_USER_RECORD } from './generator.js';
import { ESET_API, ESET_TOKEN_ENDPOINT } from './oauth.js';
import { ESET_FIXTURE_FILE } from './seed.js';
import type { UpstreamPluginOptions } from '../../upstream/plugin.js';
import type { Recording, RecordingFormat } from '../../upstream/recorder.js';
import type { Scrubber } from '../../upstream/scrubber.js';

type EsetFixtureIncident = EsetFixtureFile['incidents'][number];
type EsetFixtureComment = EsetFixtureIncident['comments'][number];
type WireIncident = Omit<EsetFixtureIncident, 'comments'>;
type WireComment = EsetFixtureComment & { incidentUuid?: string };


const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const hasUuid = (value: unknown): value is { uuid: string } => isRecord(value) && typeof value.uuid === 'string';

class EsetRecording implements Recording {
  readonly #incidents = new Map<string, WireIncident>();
  readonly #comments = new Map<string, Map<string, WireComment>>();

  observe(operationId: string, params: Readonly<Record<string, string>>, body: unknown): boolean {
    if (!isRecord(body)) return false;
    let changed = false;
    const incidents = Array.isArray(body.incidents) ? body.incidents : [body.incident];
    for (const incident of incidents) if (hasUuid(incident)) changed = this.#keepIncident(incident as WireIncident, operationId !== 'Incidents_ListIncidents') || changed;
    const comments = Array.isArray(body.comments) ? body.comments : [body.comment];
    const incidentUuid = params.incidentUuid;
    for (const comment of comments) {
      if (!hasUuid(comment) || incidentUuid === undefined) continue;
      const kept = this.#comments.get(incidentUuid) ?? new Map<string, WireComment>();
      this.#comments.set(incidentUuid, kept.set(comment.uuid, comment as WireComment));
      changed = true;
    }
    if (operationId === 'IncidentComments_DeleteIncidentComment' && params.commentUuid !== undefined) {
      changed = this.#comments.get(incidentUuid ?? '')?.delete(params.commentUuid) || changed;
    }
    return changed;
  }

  #keepIncident(incident: WireIncident, withRelations: boolean): boolean {
    const known = this.#incidents.get(incident.uuid);
    const relations = withRelations || !known ? {} : { deviceUuids: known.deviceUuids, detectionUuids: known.detectionUuids };
    this.#incidents.set(incident.uuid, { ...incident, ...relations });
    return true;
  }

  fixture(scrubber: Scrubber): EsetFixtureFile {
    const incidents: EsetFixtureIncident[] = [];
    for (const incident of this.#incidents.values()) {
      const comments = [...(this.#comments.get(incident.uuid)?.values() ?? [])].map(
        ({ uuid, text, authorUuid, isFinalComment, createTime, updateTime }) => ({
          uuid, text: scrubber.text(text ?? '', 'Comment'), authorUuid, isFinalComment, createTime, updateTime,
        }),
      );
      const { uuid, assigneeUuid, createTime, updateTime, severity, status, resolveReason, metrics } = incident;
      // Only the keys the fixture format has: a key the vendor added is drift, reported, not recorded.
      const scrubbed: EsetFixtureIncident = {
        uuid, assigneeUuid, createTime, updateTime, severity, status, resolveReason,
        metrics: metrics && { deviceCount: metrics.deviceCount, executableCount: metrics.executableCount, processCount: metrics.processCount },
        triageDuration: incident.triageDuration,
        responseDuration: incident.responseDuration,
        deviceUuids: incident.deviceUuids,
        detectionUuids: incident.detectionUuids,
        displayName: scrubber.text(incident.displayName ?? '', 'Incident'),
        description: scrubber.text(incident.description ?? '', 'Description'),
        tags: (incident.tags ?? []).map((tag) => scrubber.label(tag, 'tag')),
        comments,
      };
      // An incident the emulator cannot load (a new enum value: drift) stays out; the finding says why.
      if (loads(scrubbed)) incidents.push(scrubbed);
    }
    return { users: [DEFAULT_USER_RECORD], incidents };
  }
}

function loads(incident: EsetFixtureIncident): boolean {
  try {
    parseEsetFixture({ users: [], incidents: [incident] }, 'recording');
    return true;
  } catch {
    return false;
  }
}

const ESET_RECORDING: RecordingFormat = {
  fileName: ESET_FIXTURE_FILE,
  create: () => new EsetRecording(),
};

export const ESET_UPSTREAM: UpstreamPluginOptions = {
  api: ESET_API,
  isApiRoute: (url) => url.startsWith('/v2/') || url === ESET_TOKEN_ENDPOINT,
  isTokenRoute: (url) => url === ESET_TOKEN_ENDPOINT,
  upstreamPath: (path) => path,
  tokenPath: ESET_TOKEN_ENDPOINT,
  // proto3 JSON with defaults emitted: every key of every response object.
  everyKeyRequired: true,
  recording: ESET_RECORDING,
  shadowSignIn: { url: ESET_TOKEN_ENDPOINT, form: { grant_type: 'password', username: DEFAULT_USER_RECORD.username, password: DEFAULT_USER_RECORD.password } },
  // The gateway's 202 protocol: the response-id is the upstream's.
  continuesUpstreamAnswer: (headers) => headers['response-id'] !== undefined,
};
