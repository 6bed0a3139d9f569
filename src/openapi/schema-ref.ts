/**
 * A reference to a shared schema (registered with addSchema, named by its $id) that keeps the
 * schema's static type: a route that validates a body with `schemaRef(X)` gets `Static<typeof X>`
 * as its body type through the TypeBox type provider, and the document shows the component.
 */
import { Type, type Static, type TSchema } from 'typebox';

export const schemaRef = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T>>(Type.Ref((schema as { $id?: string }).$id!));
