/**
 * Setting ESET incident fields directly, for test setup: the patch is merged into the stored
 * incident in the wire format and the result goes through the fixture parser, so exactly what a
 * fixture file accepts is accepted here (unknown keys, bad enums, times and uuids are a 400).
 */
import { incidentToWire } from '../apis/eset/mapper.js';
import type { IncidentWire } from '../apis/eset/schemas.js';
import { invalidArgument } from '../errors.js';
import { EsetFixtureError, formatEsetFixture, parseEsetFixture } from '../fixtures/eset-wire.js';
import type { Dataset } from '../store/dataset.js';

export function setEsetState(dataset: Dataset, patches: ReadonlyArray<{ uuid: string } & Record<string, unknown>>): IncidentWire[] {
  return dataset.transaction(() =>
    patches.map((patch, index) => {
      if ('comments' in patch) {
        throw invalidArgument(`eset.incidents[${index}]: comments cannot be set here; use the ESET comment endpoints`);
      }
      const stored = dataset.esetIncidents.get(patch.uuid);
      const { comments: _none, ...current } = stored
        ? formatEsetFixture({ users: [], incidents: [stored], comments: [] }).incidents[0]!
        : { comments: [] };
      let parsed;
      try {
        parsed = parseEsetFixture({ users: [], incidents: [{ ...current, ...patch }] }, 'state');
      } catch (error) {
        if (!(error instanceof EsetFixtureError)) throw error;
        throw invalidArgument(`${error.location.replace(/^incidents\[0\]/, `eset.incidents[${index}]`)}: ${error.detail}`);
      }
      const incident = parsed.incidents[0]!;
      if (stored) dataset.esetIncidents.replace(incident);
      else dataset.esetIncidents.insert(incident);
      return incidentToWire(incident, true);
    }),
  );
}
