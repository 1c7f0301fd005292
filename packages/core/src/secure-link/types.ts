import type { Clock } from '../runtime/clock.js';

/** Options shared by `createSecureLinkSigner` and `createSecureLinkVerifier`: what the Nginx location says. */
export interface SecureLinkOptions {
  /**
   * The location's `secure_link_md5` expression without its quotes, with `$secret` where Nginx has the secret
   * written out: Nginx's `secure_link_md5 "$secure_link_expires$uri$remote_addr s3cret";` is
   * `'$secure_link_expires$uri$remote_addr $secret'` here, with `secret: 's3cret'`. Variables: `$uri`,
   * `$secure_link_expires`, `$remote_addr`, `$secret`; the first, second and last are required.
   */
  secureLinkMd5: string;
  /** The secret that `$secret` stands for. Never shown in a message or log. */
  secret: string;
  /**
   * The location's `secure_link` expression: the query parameters of the hash and the expiry.
   * @default '$arg_md5,$arg_expires'
   */
  secureLink?: string;
  /**
   * Accept a secret shorter than 16 characters. A link shows the MD5 of text that contains the secret, so a short
   * secret can be found by trying; this exists for published examples and tests.
   * @default false
   */
  allowShortSecret?: boolean;
}

export interface SecureLinkSignerOptions extends SecureLinkOptions {
  /** Base URL of the Nginx location the keys are appended to, e.g. `https://files.example.com/protected/`. */
  baseUrl: string;
}

/** One link to make. */
export interface SecureLinkSignInput {
  /** The raw (decoded) object key, appended to `baseUrl`: `books/moby dick.pdf`. */
  key: string;
  /** The app's query string to keep (without `?`), before the hash and expiry. @default '' */
  query?: string;
  /** Expiry, seconds since the epoch: `$secure_link_expires`. */
  expiresAt: number;
  /**
   * The client's IPv4 address, `$remote_addr` (required when the expression has it). An IPv4-mapped IPv6 address
   * is taken as IPv4; another IPv6 address is refused with a 403, as for CloudFront.
   */
  clientIp?: string;
}

export interface SecureLinkSigner {
  /** The link: base URL + encoded key + `?[query&]md5=<hash>&expires=<expiresAt>`. */
  signUrl(input: SecureLinkSignInput): string;
  /** True when the expression has `$remote_addr`, so every link needs the client's address. */
  readonly needsClientIp: boolean;
}

/** Why Nginx would not serve a request: a path it refuses (400), `$secure_link` empty (403) or `"0"` (410). */
export type SecureLinkFailure = 'malformed' | 'bad-signature' | 'expired';

export type SecureLinkResult =
  | { ok: true; expires: number }
  | { ok: false; status: 400 | 403 | 410; reason: SecureLinkFailure; message: string };

export interface SecureLinkRequest {
  /** `$remote_addr` as Nginx would have it. */
  remoteAddr?: string;
  /** Clock, ms since the epoch. @default Date.now */
  now?: Clock;
}

export interface SecureLinkVerifier {
  /** What Nginx's `if ($secure_link = "") { return 403; } if ($secure_link = "0") { return 410; }` decides. */
  verify(url: string, request?: SecureLinkRequest): SecureLinkResult;
}
