/**
 * What the upstream modes need to know about Adversarial (upstream/plugin.ts), and how its answers
 * become adversarial.json in record mode: register rows from lists, gets and updates (a bare
 * incident from a create), comments from comment answers, the users they show, tags and sources.
 * Scrubbed: people's names, e-mails and avatars, titles, descriptions, reasonings, comment texts,
 * tag contents, incident sources and the organisation's name become fakes; ids, enums and dates are kept. The
 * documented default service account is added, so the recording starts as is.
 */
import { DEFAULT_ADVERSARIAL_ACCOUNT } from '../../emulator-client.js';
import { parseAdversarialFixture, type AdversarialFixtureFile } from './fixture.js';
import { ADVERSARIAL_FIXTURE_FILE } from './seed.js';
import type { UpstreamPluginOptions } from '../../upstream/plugin.js';
import type { Recording, RecordingFormat } from '../../upstream/recorder.js';
import type { Scrubber } from '../../upstream/scrubber.js';
import type { CommentWire, IncidentWire, RegisterRowWire, TagWire, UserWire } from './schemas.js';
import { ADVERSARIAL_API, ADVERSARIAL_TOKEN_ENDPOINT } from './oauth.js';

const DEFAULT_ACCOUNT = { client_id: DEFAULT_ADVERSARIAL_ACCOUNT.clientId, client_secret: DEFAULT_ADVERSARIAL_ACCOUNT.clientSecret };
/** The user the default service account acts as in a recording (not one of the upstream's). */
const RECORDER_USER = { id: '00000000-0000-4000-8000-00000000e001', first_name: 'Recording', last_name: 'Account', email: 'recording-account@example.invalid', icon: null };
const RECORDED_ORGANISATION_ID = '00000000-0000-4000-8000-00000000e002';

type FixtureIncident = AdversarialFixtureFile['incidents'][number];
interface Row {
  incident: IncidentWire;
  tags: TagWire[];
  threat_objectives: RegisterRowWire['threat_objectives'];
  risk_associations: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const hasId = (value: unknown): value is { id: string } => isRecord(value) && typeof value.id === 'string';
const isRow = (value: unknown): value is RegisterRowWire => isRecord(value) && hasId(value.incident);

class AdversarialRecording implements Recording {
  readonly #rows = new Map<string, Row>();
  readonly #comments = new Map<string, Map<string, CommentWire>>();
  readonly #users = new Map<string, UserWire>();
  readonly #sources = new Set<string>();

  observe(operationId: string, params: Readonly<Record<string, string>>, body: unknown): boolean {
    if (!isRecord(body)) return false;
    switch (operationId) {
      case 'list_paginated_incidents':
      case 'patch_many_incidents':
        for (const row of Array.isArray(body.incidents) ? body.incidents : []) if (isRow(row)) this.#keepRow(row);
        return true;
      case 'get_incident':
      case 'patch_incident':
        if (isRow(body)) this.#keepRow(body);
        return true;
      case 'create_incident':
        if (hasId(body)) this.#keepRow({ incident: body as unknown as IncidentWire, tags: [], threat_objectives: [], risk_associations: [] });
        return true;
      case 'delete_incident':
        return this.#rows.delete(params.id ?? '');
      case 'list_incident_comments':
      case 'create_incident_comment': {
        const comments = Array.isArray(body.comments) ? body.comments : [body];
        const kept = this.#comments.get(params.id ?? '') ?? new Map<string, CommentWire>();
        for (const comment of comments) if (hasId(comment)) kept.set(comment.id, this.#withUser(comment as unknown as CommentWire));
        this.#comments.set(params.id ?? '', kept);
        return true;
      }
      case 'list_incident_sources':
        for (const source of Array.isArray(body.sources) ? body.sources : []) if (typeof source === 'string') this.#sources.add(source);
        return true;
      case 'get_current_user':
        this.#keepUser(body);
        return true;
      default:
        return false;
    }
  }

  #keepUser(user: unknown): void {
    if (hasId(user)) this.#users.set(user.id, user as unknown as UserWire);
  }

  #withUser<T extends { user?: unknown }>(value: T): T {
    this.#keepUser(value.user);
    return value;
  }

  #keepRow(row: Row): void {
    const { incident } = row;
    this.#keepUser(incident.assigned_to);
    this.#keepUser(incident.opened_by);
    if (typeof incident.source === 'string') this.#sources.add(incident.source);
    const known = this.#rows.get(incident.id);
    // A create answers the bare incident: what a row showed before is kept.
    this.#rows.set(incident.id, known && row.tags.length === 0 && !('comment_count' in row) ? { ...known, incident } : row);
  }

  fixture(scrubber: Scrubber): AdversarialFixtureFile {
    const userIds = new Set([RECORDER_USER.id, ...this.#users.keys()]);
    const userOf = (user: UserWire | null | undefined) => (user && userIds.has(user.id) ? user.id : null);
    const users = [...this.#users.values()].map((user) => {
      const { first, last } = scrubber.person(user.id);
      return { id: user.id, first_name: first, last_name: last, email: scrubber.email(user.email ?? user.id), icon: user.icon ? scrubber.url(user.icon) : null, active: true };
    });
    const tags = new Map<string, AdversarialFixtureFile['tags'][number]>();
    const incidents: FixtureIncident[] = [];
    for (const { incident, tags: rowTags, threat_objectives, risk_associations } of this.#rows.values()) {
      for (const tag of rowTags) {
        const content = scrubber.label(tag.content, 'tag');
        tags.set(content, { id: tag.id, content, creator_id: userIds.has(tag.creator_id) ? tag.creator_id : RECORDER_USER.id, org_id: null });
      }
      const comments = [...(this.#comments.get(incident.id)?.values() ?? [])].map((comment) => ({
        id: comment.id,
        value: scrubber.text(comment.value, 'Comment') || 'Comment',
        user_id: userOf(comment.user),
        created_date: comment.created_date,
        updated_date: comment.updated_date,
      }));
      incidents.push({
        id: incident.id,
        title: scrubber.text(incident.title, 'Incident') || 'Incident',
        description: scrubber.text(incident.description ?? '', 'Description'),
        status: incident.status,
        severity: incident.severity ?? null,
        severity_reasoning: incident.severity_reasoning ? scrubber.text(incident.severity_reasoning, 'Reasoning') : null,
        source: incident.source ? scrubber.label(incident.source, 'source') : null,
        assigned_to: userOf(incident.assigned_to),
        opened_by: userOf(incident.opened_by) ?? RECORDER_USER.id,
        created_date: incident.created_date,
        updated_date: incident.updated_date,
        detected_date: incident.detected_date,
        occurred_date: incident.occurred_date ?? null,
        responded_date: incident.responded_date ?? null,
        contained_date: incident.contained_date ?? null,
        tags: rowTags.map((tag) => scrubber.label(tag.content, 'tag')),
        threat_objectives: threat_objectives.map(({ threat_objective, relevance, created_date }) => ({ threat_objective, relevance: relevance ?? null, created_date: created_date ?? null })),
        risk_associations,
        comments,
      });
    }
    const file = {
      organisation: { id: RECORDED_ORGANISATION_ID, name: scrubber.label('organisation', 'Recorded organisation') },
      sources: [...this.#sources].map((source) => scrubber.label(source, 'source')),
      users: [RECORDER_USER, ...users],
      service_accounts: [{ ...DEFAULT_ACCOUNT, name: 'Emulator default (documented)', role: 'Editor' as const, user_id: RECORDER_USER.id }],
      tags: [...tags.values()],
      incidents,
    };
    // An incident the emulator cannot load (a new enum value: drift) stays out; the finding says why.
    return loads(file) ? file : { ...file, incidents: incidents.filter((incident) => loads({ ...file, incidents: [incident] })) };
  }
}

function loads(file: AdversarialFixtureFile): boolean {
  try {
    parseAdversarialFixture(file, 'recording');
    return true;
  } catch {
    return false;
  }
}

const ADVERSARIAL_RECORDING: RecordingFormat = {
  fileName: ADVERSARIAL_FIXTURE_FILE,
  create: () => new AdversarialRecording(),
};

const V1_ROUTE = /^(\/api)?\/v1\//;

export const ADVERSARIAL_UPSTREAM: UpstreamPluginOptions = {
  api: ADVERSARIAL_API,
  isApiRoute: (url) => V1_ROUTE.test(url),
  isTokenRoute: (url) => url.endsWith('/v1/oauth/token'),
  // The upstream's base URL ends in /api, as its clients configure it; /v1 routes continue it as they are.
  upstreamPath: (path) => path.replace(/^\/api(?=\/v1\/)/, ''),
  tokenPath: '/v1/oauth/token',
  everyKeyRequired: false,
  recording: ADVERSARIAL_RECORDING,
  shadowSignIn: { url: ADVERSARIAL_TOKEN_ENDPOINT, form: { grant_type: 'client_credentials', ...DEFAULT_ACCOUNT } },
};
