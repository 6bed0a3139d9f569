/**
 * ESET's own OpenAPI document (../shared/reference) as a response validator. Stricter than the
 * document itself on purpose: every object must carry exactly the documented keys (the real
 * service emits defaults, and strict clients treat the keys as required).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { PACKAGE_ROOT } from '../../src/paths.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ESET_REFERENCE_PATH = join(PACKAGE_ROOT, '..', 'shared', 'reference', 'eset-incident-management.openapi.json');

type Json = Record<string, unknown>;

interface Operation {
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: Json }>; headers?: Record<string, unknown> }>;
}

function tighten(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(tighten);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) copy[key] = tighten(value);
  if (copy.type === 'object' && copy.properties && typeof copy.properties === 'object') {
    copy.additionalProperties = false;
    copy.required = Object.keys(copy.properties as Json);
  }
  return copy;
}

export class EsetReference {
  readonly document: Json;
  private readonly ajv: Ajv;
  private readonly operations = new Map<string, Operation>();
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(document: Json) {
    this.document = document;
    this.ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    const components = tighten((document.components as Json).schemas) as Json;
    this.ajv.addSchema({ $id: 'eset-reference', components: { schemas: components } });
    for (const [path, item] of Object.entries(document.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        const op = operation as Json;
        this.operations.set(op.operationId as string, { method: method.toUpperCase(), path, responses: op.responses as Operation['responses'] });
      }
    }
  }

  /** The reference, or null when ../shared is not beside the checkout (CI always has it). */
  static load(): EsetReference | null {
    if (!existsSync(ESET_REFERENCE_PATH)) return null;
    return new EsetReference(JSON.parse(readFileSync(ESET_REFERENCE_PATH, 'utf8')) as Json);
  }

  operationIds(): string[] {
    return [...this.operations.keys()];
  }

  /** Problems of one response against the operation's documented response; [] when it conforms. */
  check(operationId: string, response: LightMyRequestResponse): string[] {
    const operation = this.operations.get(operationId);
    if (!operation) return [`operation ${operationId} is not in ESET's document`];
    const documented = operation.responses[String(response.statusCode)];
    if (!documented) return [`status ${response.statusCode} is not documented for ${operationId}`];
    const problems: string[] = [];
    const requestId = response.headers['request-id'];
    if (typeof requestId !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(requestId)) {
      problems.push(`request-id header missing or not a UUID: ${String(requestId)}`);
    }
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) {
      if (response.body !== '') problems.push(`status ${response.statusCode} must have an empty body, got ${response.body.slice(0, 80)}`);
      return problems;
    }
    if (!String(response.headers['content-type'] ?? '').startsWith('application/json')) {
      problems.push(`content-type is ${String(response.headers['content-type'])}, not application/json`);
    }
    const ref = String(schema.$ref);
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `eset-reference${ref}` });
      this.validators.set(ref, validate);
    }
    if (!validate(response.json())) {
      problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
    }
    return problems;
  }
}

export const REFERENCE_ABSENT =
  `ESET's reference document is absent (${ESET_REFERENCE_PATH}): the contract checks against it cannot run here. ` +
  'CI always has ../shared beside the checkout.';
