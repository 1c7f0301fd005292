import type { CookieAttributes } from '../cloudfront/types.js';
import type { Clock } from '../runtime/clock.js';
import type { Expiry } from '../time/resolve-validity.js';
import type { GoogleCdnKeyInput } from './load-key.js';

export type { GoogleCdnKeyInput } from './load-key.js';

/** One signed request key of a backend bucket or backend service. */
export interface GoogleCdnKeyEntry {
  /** The key's name on the backend (`--key-name`): 1-63 of a-z, 0-9 and `-`. */
  keyName: string;
  /** The 128-bit key: base64url text (padded or not), the 16 raw bytes, or `{ file }` holding the text. */
  key: GoogleCdnKeyInput;
}

/** One key. */
export interface GoogleCdnSingleKeyOptions extends GoogleCdnKeyEntry {
  keys?: never;
  activeKeyName?: never;
}

/** Several keys of one backend (rotation): all verify, one signs. */
export interface GoogleCdnKeyRotationOptions {
  keys: GoogleCdnKeyEntry[];
  /** The key that signs. @default keys[0].keyName */
  activeKeyName?: string;
  keyName?: never;
  key?: never;
}

export type GoogleCdnKeyOptions = GoogleCdnSingleKeyOptions | GoogleCdnKeyRotationOptions;

export type GoogleCdnSignerOptions = GoogleCdnKeyOptions & {
  /** Clock for `expiresIn` and the "already expired" check, ms since the epoch. @default Date.now */
  now?: Clock;
  /** Sign even when the expiry is already past by `now` (for tools; servers should leave it off). @default false */
  allowPastExpiry?: boolean;
};

/** A signed cookie: the value, and the whole `Set-Cookie` line with its attributes. */
export interface GoogleCdnSignedCookie {
  /** `Cloud-CDN-Cookie`. */
  name: 'Cloud-CDN-Cookie';
  /** `URLPrefix=…:Expires=…:KeyName=…:Signature=…`. */
  value: string;
  /** `Cloud-CDN-Cookie=…; Path=/; Secure; HttpOnly` (attributes as given). */
  setCookie: string;
}

/** Signs Cloud CDN URLs and cookies with the active key (HMAC-SHA1, base64url with padding). */
export interface GoogleCdnSigner {
  /** Name of the key that signs. */
  readonly keyName: string;
  /** `url` + `?`/`&` + `Expires=…&KeyName=…&Signature=…`: valid for this exact URL. */
  signUrl(url: string, expiry: Expiry): string;
  /**
   * `url` + `?`/`&` + `URLPrefix=…&Expires=…&KeyName=…&Signature=…`: the signature covers every URL that starts
   * with `urlPrefix` (which must be a prefix of `url`); its query string can be reused on them.
   */
  signUrlPrefix(url: string, urlPrefix: string, expiry: Expiry): string;
  /** A `Cloud-CDN-Cookie` for every URL that starts with `urlPrefix` (scheme, host, optional path; no query). */
  signCookie(urlPrefix: string, expiry: Expiry, attributes?: CookieAttributes): GoogleCdnSignedCookie;
}
