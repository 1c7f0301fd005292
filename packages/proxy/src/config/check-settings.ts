import { configError, describeValue } from '@cdn-accel/core/internal';
import type { ProxySettings } from './proxy-config.js';

function expectType(field: string, value: unknown, ok: boolean, wanted: string, example: string): void {
  if (!ok) throw configError(field, `expected ${wanted}, got ${describeValue(value)}`, `Give ${example}`);
}

const isMs = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const MS_EXAMPLES = { upstreamTimeout: '60000, or 0 for no limit', streamTimeout: '30000, or 0 for no limit', shutdownTimeout: '10000' };

/** Checks the types of the proxy settings of a config file (values like URLs are checked where they are used). */
export function checkSettings(settings: Record<string, unknown>): ProxySettings {
  const { upstream, listen, workers, healthPath, accessLog, trustForwarded, upstreamTimeout, streamTimeout, shutdownTimeout } = settings;
  if (upstream !== undefined) expectType('upstream', upstream, typeof upstream === 'string', 'a URL string', 'the app\'s base URL, e.g. "http://127.0.0.1:8000"');
  if (listen !== undefined) expectType('listen', listen, typeof listen === 'string' || typeof listen === 'number', '"host:port" or a port number', 'e.g. "127.0.0.1:8080" or 8080');
  if (workers !== undefined) {
    expectType('workers', workers, workers === 'auto' || (typeof workers === 'number' && Number.isInteger(workers) && workers >= 1), 'a whole number ≥ 1 or "auto"', 'e.g. 4, or "auto" for one per core');
  }
  if (healthPath !== undefined) {
    expectType('healthPath', healthPath, healthPath === false || (typeof healthPath === 'string' && healthPath.startsWith('/')), 'a path that starts with "/", or false', 'e.g. "/healthz", or false');
  }
  if (accessLog !== undefined) expectType('accessLog', accessLog, typeof accessLog === 'boolean', 'true or false', 'true or false (no quotes)');
  if (trustForwarded !== undefined) expectType('trustForwarded', trustForwarded, typeof trustForwarded === 'boolean', 'true or false', 'true or false (no quotes)');
  for (const [field, value] of Object.entries({ upstreamTimeout, streamTimeout, shutdownTimeout })) {
    if (value !== undefined) expectType(field, value, isMs(value), 'a whole number of milliseconds ≥ 0', `e.g. ${MS_EXAMPLES[field as keyof typeof MS_EXAMPLES]}`);
  }
  return { ...settings, ...(typeof listen === 'number' ? { listen: String(listen) } : {}) } as ProxySettings;
}
