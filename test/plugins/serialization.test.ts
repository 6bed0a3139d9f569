/**
 * Response serialisers are told "this, or null" as a type array: the text is the same as
 * JSON.stringify's for every value the schema allows, and other anyOfs keep their meaning.
 */
import t from 'tap';
import { serializerFactory } from '../../src/plugins/serialization.js';

const shared = {
  User: { $id: 'User', type: 'object', required: ['id'], properties: { id: { type: 'string' }, icon: { type: ['string', 'null'] } } },
  Severity: { $id: 'Severity', type: 'string', enum: ['SEV-1', 'SEV-2'] },
  Either: { $id: 'Either', anyOf: [{ type: 'string' }, { type: 'integer' }] },
  Failure: { $id: 'Failure', type: 'object', required: ['error', 'description'], properties: { error: { type: 'string' }, description: { type: 'string' } } },
  Problems: {
    $id: 'Problems',
    type: 'object',
    properties: { errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
  },
  Named: { $id: 'Named', type: 'object', properties: { error: { type: 'integer' } } },
};

function serializer(schema: object): (value: unknown) => string {
  const compile = serializerFactory()(shared, {}) as (route: object) => (value: unknown) => string;
  return compile({ schema, method: 'GET', url: `/test/${Math.random()}`, httpStatus: '200' });
}

t.test('this-or-null of a shared object, a shared enum and an inline type serialises as JSON.stringify does', async (t) => {
  const serialize = serializer({
    type: 'object',
    properties: {
      user: { anyOf: [{ $ref: 'User#' }, { type: 'null' }] },
      severity: { anyOf: [{ $ref: 'Severity#' }, { type: 'null' }] },
      count: { anyOf: [{ type: 'null' }, { type: 'integer' }] },
      either: { $ref: 'Either#' },
      list: { type: 'array', items: { anyOf: [{ $ref: 'User#' }, { type: 'null' }] } },
    },
  });
  const values = [
    { user: null, severity: null, count: null, either: 'text', list: [] },
    { user: { id: 'u1', icon: null }, severity: 'SEV-1', count: 3, either: 7, list: [null, { id: 'u2', icon: 'a.png' }] },
    { user: { id: 'u3', icon: 'b.png' } },
  ];
  for (const value of values) t.equal(serialize(value), JSON.stringify(value));
});

t.test('a this-or-null whose other branch is not one type is left to anyOf', async (t) => {
  const serialize = serializer({ type: 'object', properties: { value: { anyOf: [{ $ref: 'Either#' }, { type: 'null' }] } } });
  for (const value of [{ value: null }, { value: 'a' }, { value: 2 }]) t.equal(serialize(value), JSON.stringify(value));
});

t.test('objects with no property in common serialise as their own branch does', async (t) => {
  const serialize = serializer({ anyOf: [{ $ref: 'Failure#' }, { $ref: 'Problems#' }] });
  for (const value of [{ error: 'Bad Request', description: 'title is required' }, { errors: { title: ['required'], severity: [] } }]) {
    t.equal(serialize(value), JSON.stringify(value));
  }
});

t.test('objects that share a property name are left to anyOf', async (t) => {
  const serialize = serializer({ anyOf: [{ $ref: 'Failure#' }, { $ref: 'Named#' }] });
  for (const value of [{ error: 'Bad Request', description: 'd' }, { error: 7 }]) t.equal(serialize(value), JSON.stringify(value));
});
