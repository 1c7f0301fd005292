import type { HeaderPairs } from '../contract/decision.js';

/** A response whose headers can be set and appended to: Node's `ServerResponse` and `Http2ServerResponse`. */
export interface SettableHeaders {
  setHeader(name: string, value: string): unknown;
  appendHeader(name: string, value: string): unknown;
}

/**
 * True when a pair before `index` has the same name (a location's `addHeaders` may repeat the object's). Names of
 * other lengths are told apart without lower-casing, so a redirect's pairs are written without allocating.
 */
function namedBefore(headers: HeaderPairs, index: number, name: string): boolean {
  for (let earlier = 0; earlier < index; earlier += 1) {
    const other = (headers[earlier] as [string, string])[0];
    if (other.length === name.length && (other === name || other.toLowerCase() === name.toLowerCase())) return true;
  }
  return false;
}

/**
 * Puts a decision's header pairs on the response. `Set-Cookie` lines are added to those already there (the
 * app's, which survive a redirect as they do behind Nginx), and so is a header the pairs name twice; every other
 * header takes the place of its namesake.
 */
export function setResponseHeaders(response: SettableHeaders, headers: HeaderPairs): void {
  for (let index = 0; index < headers.length; index += 1) {
    const [name, value] = headers[index] as [string, string];
    if (name === 'Set-Cookie' || namedBefore(headers, index, name)) response.appendHeader(name, value);
    else response.setHeader(name, value);
  }
}
