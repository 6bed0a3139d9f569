/**
 * Setting ESET incident fields directly, for test setup: the patch is merged into the stored
 * incident in the wire format and the result goes through the fixture parser, so exactly what a
 * fixture file accepts is accepted here (unknown keys, bad enums, times and uuids are a 400).
 *
 * updateTime follows the same rule as Adversarial's updated_date (its state.ts): the one the patch
 * names; else, when something changed, now (never backwards, never before createTime); when
 * nothing changed, as it was. A new incident's defaults to its createTime, as in a fixture file.
 */
import { Type } from 'typebox';
import { invalidArgument } from '../../errors.js';
import type { StatePatcher } from '../../service.js';
import type { Dataset } from '../../store/dataset.js';
import { EsetFixtureError, formatEsetFixture, parseEsetFixture } from './fixture.js';
import { incidentToWire } from './mapper.js';
import type { IncidentRecord } from './record.js';
import type { IncidentWire } from './schemas.js';
import { esetStore } from './store.js';

type EsetStatePatch = { uuid: string } & Record<string, unknown>;

const EsetStateSection = Type.Object(
  {
    incidents: Type.Array(
      Type.Object(
        { uuid: Type.String({ description: 'The incident to change, or to create when it does not exist.' }) },
        {
          additionalProperties: true,
          description:
            'Any ESET incident fields in the wire format (status, severity, resolveReason, createTime, updateTime, ' +
            'assigneeUuid, metrics, triageDuration, responseDuration, tags, deviceUuids, detectionUuids, …), ' +
            'validated strictly. A new incident needs createTime.',
        },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

export const esetState: StatePatcher = {
  request: EsetStateSection,
  apply: (dataset, now, section) => ({ incidents: setEsetState(dataset, now, (section as { incidents: EsetStatePatch[] }).incidents) }),
};

/** Whether anything but updateTime differs. */
function changed(before: IncidentRecord, after: IncidentRecord): boolean {
  const comparable = ({ updateTime: _ignored, ...fields }: IncidentRecord) => JSON.stringify(fields);
  return comparable(before) !== comparable(after);
}

function setEsetState(dataset: Dataset, now: number, patches: readonly EsetStatePatch[]): IncidentWire[] {
  const incidents = esetStore(dataset).incidents;
  return dataset.transaction(() =>
    patches.map((patch, index) => {
      if ('comments' in patch) {
        throw invalidArgument(`eset.incidents[${index}]: comments cannot be set here; use the ESET comment endpoints`);
      }
      const stored = incidents.get(patch.uuid);
      // The stored updateTime is left out: the parser would hold it against a new createTime.
      const { comments: _none, updateTime: _derived, ...current } = stored
        ? formatEsetFixture({ users: [], incidents: [stored], comments: [] }).incidents[0]!
        : { comments: [], updateTime: undefined };
      let parsed;
      try {
        parsed = parseEsetFixture({ users: [], incidents: [{ ...current, ...patch }] }, 'state');
      } catch (error) {
        if (!(error instanceof EsetFixtureError)) throw error;
        throw invalidArgument(`${error.location.replace(/^incidents\[0\]/, `eset.incidents[${index}]`)}: ${error.detail}`);
      }
      const incident = parsed.incidents[0]!;
      if (patch.updateTime === undefined && stored) {
        incident.updateTime = changed(stored, incident) ? Math.max(now, stored.updateTime, incident.createTime) : stored.updateTime;
      }
      if (stored) incidents.replace(incident);
      else incidents.insert(incident);
      return incidentToWire(incident, true);
    }),
  );
}
