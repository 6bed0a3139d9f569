/**
 * ESET's part of every dataset: its repositories, made once per dataset, and the list-item JSON
 * kept beside each incident row, rebuilt when a dataset written by another version of the mapper
 * is opened (an upgraded emulator on a kept volume, a restored snapshot).
 */
import type { Dataset } from '../../store/dataset.js';
import type { SqliteDatabase } from '../../store/database.js';
import { EsetCommentRepository } from './comment-repository.js';
import { EsetIncidentRepository } from './incident-repository.js';
import { LIST_ITEM_VERSION, incidentListItemJson } from './mapper.js';
import { EsetUserRepository } from './user-repository.js';

export interface EsetStore {
  incidents: EsetIncidentRepository;
  comments: EsetCommentRepository;
  users: EsetUserRepository;
}

const openStore = (db: SqliteDatabase): EsetStore => ({
  incidents: new EsetIncidentRepository(db, incidentListItemJson),
  comments: new EsetCommentRepository(db),
  users: new EsetUserRepository(db),
});

export const esetStore = (dataset: Dataset): EsetStore => dataset.part(openStore);

/** The meta key recording which LIST_ITEM_VERSION wrote the dataset's list JSON. */
export const LIST_ITEM_VERSION_KEY = 'eset_list_item_version';

/** Rebuilds the list JSON of a dataset that another mapper version wrote (or that predates the key). */
export function refreshListItems(dataset: Dataset): void {
  if (dataset.meta.get(LIST_ITEM_VERSION_KEY) === String(LIST_ITEM_VERSION)) return;
  dataset.transaction(() => {
    esetStore(dataset).incidents.rebuildListItems();
    dataset.meta.set(LIST_ITEM_VERSION_KEY, String(LIST_ITEM_VERSION));
  });
}
