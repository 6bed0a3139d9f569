/**
 * The emulator's own Adversarial OpenAPI document as a response validator. Stricter than the
 * document on purpose: every object must carry exactly its documented keys (the emulator writes
 * null rather than leaving a key out, and strict clients rely on that). OpenAPI 3.0's `nullable`
 * is understood by ajv as it is.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Json = Record<string, unknown>;

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

/** Objects with listed properties: exactly those, all present. */
function exact(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(exact);
  if (!schema || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema as Json).map(([key, value]) => [key, exact(value)])) as Json;
  if (copy.properties && typeof copy.properties === 'object') {
    copy.additionalProperties = false;
    copy.required = Object.keys(copy.properties as Json);
  }
  return copy;
}

export class AdversarialDocument {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly operations = new Map<string, Operation>();
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: Json) {
    this.ajv.addSchema({ $id: 'adversarial', components: { schemas: exact((document.components as Json).schemas) } });
    for (const item of Object.values(document.paths as Record<string, Record<string, Json>>)) {
      for (const operation of Object.values(item)) this.operations.set(operation.operationId as string, operation as unknown as Operation);
    }
  }

  static async served(app: FastifyInstance): Promise<AdversarialDocument> {
    return new AdversarialDocument((await app.inject({ url: '/openapi/adversarial.json' })).json());
  }

  operationIds(): string[] {
    return [...this.operations.keys()];
  }

  /** Problems of one response against the operation's documented response; [] when it conforms. */
  check(operationId: string, response: LightMyRequestResponse): string[] {
    const operation = this.operations.get(operationId);
    if (!operation) return [`operation ${operationId} is not in the document`];
    const documented = operation.responses[String(response.statusCode)];
    if (!documented) return [`status ${response.statusCode} is not documented for ${operationId}`];
    const problems: string[] = [];
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(String(response.headers['request-id']))) {
      problems.push('request-id header missing or not a UUID');
    }
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) {
      if (response.body !== '') problems.push(`status ${response.statusCode} must have an empty body`);
      return problems;
    }
    if (!String(response.headers['content-type']).startsWith('application/json')) problems.push(`content-type ${String(response.headers['content-type'])}`);
    const key = `${operationId} ${response.statusCode}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(exact(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"adversarial#/components'))) as Json);
      this.validators.set(key, validate);
    }
    if (!validate(response.json())) {
      problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
    }
    return problems;
  }
}
