/**
 * Refuses, before validation, a request body holding a string the store cannot keep as sent
 * (util/text.ts): a 400 in the API's own error shape that names the field, and nothing written.
 */
import fp from 'fastify-plugin';
import { invalidFields } from '../errors.js';
import { unstorableCharacter } from '../util/text.js';

/** The first unstorable string (or object key) of a parsed JSON body, as [field, problem]. */
function findUnstorable(body: unknown): [string, string] | undefined {
  const stack: Array<[unknown, string]> = [[body, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const problem = unstorableCharacter(value);
      if (problem) return [path || 'body', problem];
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const field = path === '' ? key : `${path}.${key}`;
        const problem = unstorableCharacter(key);
        if (problem) return [field, `(a field name) ${problem}`];
        stack.push([child, field]);
      }
    }
  }
  return undefined;
}

export const textSafetyPlugin = fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (request.body === undefined || request.body === null) return;
      const found = findUnstorable(request.body);
      if (found) throw invalidFields({ [found[0]]: [{ code: 'invalid_character', message: found[1] }] });
    });
  },
  { name: 'text-safety' },
);
