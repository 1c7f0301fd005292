import type { AccelCacheOptions, AccelTarget, RedirectStatusOptions } from '@cdn-accel/core';

/** The proxy settings a config file may hold; command-line flags override them. */
export interface ProxySettings {
  /** The app's base URL. */
  upstream?: string;
  /** `host:port` or a port to listen on. @default "127.0.0.1:8080" */
  listen?: string;
  /** Worker processes: a count or "auto" (one per core). @default 1 */
  workers?: number | 'auto';
  /** @see AccelProxyOptions.healthPath */
  healthPath?: string | false;
  /** One JSON line per request on stdout. @default false */
  accessLog?: boolean;
  trustForwarded?: boolean;
  upstreamTimeout?: number;
  streamTimeout?: number;
  shutdownTimeout?: number;
}

/** A loaded, validated config file: the proxy settings and the built location targets. */
export interface LoadedConfig {
  settings: ProxySettings;
  locations: Record<string, AccelTarget>;
  cache?: AccelCacheOptions | false;
  redirectStatus?: RedirectStatusOptions;
  batchSignatures?: boolean;
}
