import type { Clock } from '../runtime/clock.js';
import type { GoogleCdnKeyOptions } from './types.js';

/** Keys to verify with (every key of the backend), and the clock. */
export type GoogleCdnVerifierOptions = GoogleCdnKeyOptions & {
  /** Clock, ms since the epoch. @default Date.now */
  now?: Clock;
};

/** Why a request was refused. Cloud CDN answers each of them with 403 Forbidden. */
export type GoogleCdnVerifyFailure =
  | 'unsigned'
  | 'malformed'
  | 'method-not-allowed'
  | 'unknown-key'
  | 'bad-signature'
  | 'out-of-scope'
  | 'expired';

export type GoogleCdnVerifyResult =
  | {
    ok: true;
    /** How the request was signed. */
    form: 'url' | 'url-prefix' | 'cookie';
    keyName: string;
    /** The signed `Expires`, epoch seconds. */
    expires: number;
    /** The signed prefix (`url-prefix` and `cookie`). */
    urlPrefix?: string;
  }
  | { ok: false; reason: GoogleCdnVerifyFailure; message: string };

/** One request as Cloud CDN sees it. */
export interface GoogleCdnRequest {
  /** @default 'GET' */
  method?: string;
  /** The absolute URL requested: `https://host/path?query` (a fragment is ignored). */
  url: string;
  /** The `Cookie` header(s), for signed cookies. */
  cookie?: string | readonly string[];
}

/** Verifies Cloud CDN signed URLs, URL-prefix signatures and signed cookies the way Cloud CDN does. */
export interface GoogleCdnVerifier {
  /** A signed URL or URL-prefix signature (`unsigned` when the URL has no `Signature`). */
  verifyUrl(request: GoogleCdnRequest): GoogleCdnVerifyResult;
  /** A `Cloud-CDN-Cookie` (`unsigned` when there is none). */
  verifyCookie(request: GoogleCdnRequest): GoogleCdnVerifyResult;
  /** The URL's signature when it has one, else the cookie: what Cloud CDN checks for one request. */
  verify(request: GoogleCdnRequest): GoogleCdnVerifyResult;
}
