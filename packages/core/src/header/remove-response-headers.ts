import { isAccelHeader } from './accel-header-names.js';

/** A response whose headers can be listed and removed: Node's `ServerResponse` and `Http2ServerResponse`. */
export interface RemovableHeaders {
  getHeaderNames(): string[];
  removeHeader(name: string): void;
}

/** Removes every header set on the response, except `keep` (lower case). */
export function removeResponseHeaders(response: RemovableHeaders, keep: string | undefined): void {
  for (const name of response.getHeaderNames()) if (name !== keep) response.removeHeader(name);
}

/** Removes the internal headers (isAccelHeader) set on the response, and only those. */
export function stripAccelHeaders(response: RemovableHeaders): void {
  for (const name of response.getHeaderNames()) if (isAccelHeader(name)) response.removeHeader(name);
}
