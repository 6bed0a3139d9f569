/** The emulated APIs: the one list of services, one line each. */
import type { Service } from '../service.js';
import { adversarialService } from './adversarial/index.js';
import { esetService } from './eset/index.js';

export const SERVICES: readonly Service[] = [
  esetService,
  adversarialService,
];
