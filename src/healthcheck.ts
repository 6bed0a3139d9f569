/**
 * The container's HEALTHCHECK: asks the emulator on the port it was configured with (the same
 * EMULATOR_PORT / EMULATOR_HOST the server reads) whether it is alive. Exit 0 healthy, 1 not.
 */
const port = process.env.EMULATOR_PORT ?? '4610';
const configuredHost = process.env.EMULATOR_HOST ?? '127.0.0.1';
// A wildcard address is listened on, not connected to: ask loopback instead.
const host = configuredHost === '0.0.0.0' ? '127.0.0.1' : configuredHost === '::' ? '[::1]' : configuredHost;

try {
  const response = await fetch(`http://${host}:${port}/_emulator/health`, { signal: AbortSignal.timeout(2500) });
  process.exitCode = response.ok ? 0 : 1;
} catch {
  process.exitCode = 1;
}
