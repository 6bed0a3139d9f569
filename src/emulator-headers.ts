/**
 * The emulator's own request headers, in a module of their own so that clients (the control
 * client, the Testcontainers module) can name them without loading the server.
 */

/** Puts a request on a tenant's isolated dataset. */
export const TENANT_HEADER = 'x-emulator-tenant';
/** Carries the --control-token (as does `Authorization: Bearer <token>`). */
export const CONTROL_TOKEN_HEADER = 'x-emulator-control-token';
