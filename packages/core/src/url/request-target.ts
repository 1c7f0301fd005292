// `scheme://authority` at the start of an absolute URL.
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** The request target's path and query, without origin or fragment: an absolute URL or an origin-form target. */
export function splitTarget(url: string): { path: string; query: string } {
  const origin = ORIGIN.exec(url);
  const target = origin === null ? url : url.slice(origin[0].length) || '/';
  const hash = target.indexOf('#');
  const withoutHash = hash === -1 ? target : target.slice(0, hash);
  const question = withoutHash.indexOf('?');
  return question === -1 ? { path: withoutHash, query: '' } : { path: withoutHash.slice(0, question), query: withoutHash.slice(question + 1) };
}

/** `decodeURIComponent`, or undefined for a malformed escape: a verifier reports it, it does not throw. */
export function decodeComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
