import type { Clock } from '../runtime/clock.js';

/** Where the token goes in the URL. */
export type BunnyTokenForm = 'query' | 'directory';

/** Options of `createBunnySigner`: one pull zone, one key, the restrictions every token of the signer carries. */
export interface BunnySignerOptions {
  /**
   * The pull zone's "URL Token Authentication Key" (bunny.net panel: the pull zone → Security → Token
   * Authentication). Used as the HMAC-SHA256 key, as its UTF-8 bytes.
   */
  securityKey: string;
  /**
   * Base URL the object keys are appended to (encoded once per segment): `https://myzone.b-cdn.net/` or, with a
   * path, `https://cdn.example.com/media/`.
   */
  baseUrl: string;
  /**
   * `'query'`: `/path?token=HS256-…&expires=…`. `'directory'`: `/bcdn_token=HS256-…&expires=…/path`, the token as the
   * first path segment, so that relative URLs inside an HLS or DASH playlist keep it without cookies.
   * @default 'query'
   */
  tokenIn?: BunnyTokenForm;
  /** ISO 3166-1 alpha-2 codes of the only countries allowed (`token_countries`), e.g. `['CA', 'US']`. @default none */
  countries?: readonly string[];
  /** ISO 3166-1 alpha-2 codes of countries refused (`token_countries_blocked`). @default none */
  blockedCountries?: readonly string[];
  /** Download speed limit in kB/s (`limit`), a whole number ≥ 1. @default none (no limit) */
  limit?: number;
  /**
   * `token_ignore_params=true`: the query string is left out of the token, so players may add their own
   * parameters; the app's query stays in the URL, unsigned. bunny.net's official signers then leave
   * `token_countries`, `token_countries_blocked` and `limit` out of the token too, so this cannot be combined with them.
   * @default false
   */
  ignoreParams?: boolean;
}

/** What to sign: a raw key, or a path its caller has encoded already. */
export type BunnyObject =
  | {
      /** The raw (decoded) object key, appended to `baseUrl` encoded once per segment: `books/moby dick.pdf`. */
      key: string;
      path?: never;
    }
  | {
      /**
       * The object's path under `baseUrl` as it goes on the wire, percent-encoded (`books/moby%20dick.pdf`, what
       * `encodeObjectKey` gives), for callers that have encoded the key already. Only URL path characters; no `.`
       * or `..` segment.
       */
      path: string;
      key?: never;
    };

/** One URL to sign. */
export type BunnySignInput = BunnyObject & {
  /** The query string to carry and sign (without `?`), e.g. `v=3`. Ignored with `ignoreParams`. @default '' */
  query?: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
  /**
   * Locks the token to this client address (the token becomes `HS256-1-…`). IPv4, or IPv6 of which only the /64
   * network counts; an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`) is taken as the IPv4 address.
   */
  clientIp?: string;
  /**
   * `token_path`: a path prefix (as on the wire, starting with `/`) for which the token is valid instead of
   * the exact path, e.g. `/media/videos/42/` for every segment of one stream; must be a prefix of the URL's path.
   * `'folder'`: the folder of this URL's path, the usual scope of an HLS or DASH stream.
   * @default the exact path
   */
  tokenPath?: string;
};

export interface BunnySigner {
  /** The signed URL of one object. Throws `ERR_ACCEL_INVALID_INPUT` for a key, query or address it cannot sign. */
  signUrl(input: BunnySignInput): string;
  /** The folder of an object's URL path, as on the wire (`/media/videos/42/`): the usual `tokenPath` for HLS. */
  folderOf(key: string): string;
}

/** Options of `verifyBunnyUrl`: what the edge knows about the request. */
export interface VerifyBunnyOptions {
  securityKey: string;
  /** Clock, ms since the epoch. @default Date.now */
  now?: Clock;
  /** The viewer's address; needed for `HS256-1-` tokens. */
  clientIp?: string;
  /** The viewer's ISO 3166-1 country code, checked against `token_countries` / `token_countries_blocked`. */
  countryCode?: string;
}

export type VerifyBunnyFailure =
  | 'malformed'
  | 'bad-signature'
  | 'expired'
  | 'path-mismatch'
  | 'ip-mismatch'
  | 'country-refused'
  | 'unsigned-restriction';

export type VerifyBunnyResult =
  | {
      ok: true;
      form: BunnyTokenForm;
      expires: number;
      /** The signed parameters, by name, decoded (`token_path`, `token_countries`, `limit`, the app's own…). */
      parameters: Readonly<Record<string, string>>;
      ipLocked: boolean;
    }
  | { ok: false; reason: VerifyBunnyFailure; message: string };
