import { configError } from '@cdn-accel/core/internal';
import type { ProxySettings } from './proxy-config.js';

function expectType(field: string, value: unknown, ok: boolean, wanted: string): void {
  if (!ok) throw configError(field, `expected ${wanted}, got ${JSON.stringify(value)}`, `Give ${wanted}`);
}

const isMs = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Checks the types of the proxy settings of a config file (values like URLs are checked where they are used). */
export function checkSettings(settings: Record<string, unknown>): ProxySettings {
  const { upstream, listen, workers, healthPath, accessLog, trustForwarded, upstreamTimeout, streamTimeout, shutdownTimeout } = settings;
  if (upstream !== undefined) expectType('upstream', upstream, typeof upstream === 'string', 'a URL string such as "http://127.0.0.1:8000"');
  if (listen !== undefined) expectType('listen', listen, typeof listen === 'string' || typeof listen === 'number', '"host:port" or a port number');
  if (workers !== undefined) {
    expectType('workers', workers, workers === 'auto' || (typeof workers === 'number' && Number.isInteger(workers) && workers >= 1), 'a whole number >= 1 or "auto"');
  }
  if (healthPath !== undefined) {
    expectType('healthPath', healthPath, healthPath === false || (typeof healthPath === 'string' && healthPath.startsWith('/')), 'a path such as "/healthz", or false');
  }
  if (accessLog !== undefined) expectType('accessLog', accessLog, typeof accessLog === 'boolean', 'true or false');
  if (trustForwarded !== undefined) expectType('trustForwarded', trustForwarded, typeof trustForwarded === 'boolean', 'true or false');
  for (const [field, value] of Object.entries({ upstreamTimeout, streamTimeout, shutdownTimeout })) {
    if (value !== undefined) expectType(field, value, isMs(value), 'a whole number of milliseconds');
  }
  return { ...settings, ...(typeof listen === 'number' ? { listen: String(listen) } : {}) } as ProxySettings;
}
