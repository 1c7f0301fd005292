import type { IncomingMessage } from 'node:http';
import { verifyBunnyUrl, type Clock } from '@cdn-accel/core';
import type { Authorize } from './authorize.js';
import { forbiddenRefusal } from './provider-refusals.js';

/** What a bunny.net emulator checks tokens with. */
export interface DevCdnBunnyOptions {
  /** The pull zone's URL Token Authentication Key. */
  securityKey: string;
  /** The country every viewer is taken to be in, for `token_countries`. @default unknown (a token with countries is refused) */
  country?: string;
}

const TOKEN_DIRECTORY = /^\/bcdn_token=[^/]*(\/.*)$/;

/**
 * bunny.net's token check (HS256 tokens in the query or as the first path segment, token_path, IP lock, countries,
 * expiry); a refusal is a 403. A directory token's file is the path after the token segment.
 */
export function createBunnyAuthorize(options: DevCdnBunnyOptions, now: Clock, clientIp: (req: IncomingMessage) => string | undefined): Authorize {
  return async (req, facts) => {
    const ip = clientIp(req);
    const verdict = verifyBunnyUrl(facts.url, {
      securityKey: options.securityKey, now, ...(ip === undefined ? {} : { clientIp: ip }), ...(options.country === undefined ? {} : { countryCode: options.country }),
    });
    if (!verdict.ok) return { ok: false, refusal: forbiddenRefusal(), reason: `${verdict.reason}: ${verdict.message}` };
    const directory = TOKEN_DIRECTORY.exec(facts.rawPath);
    return { ok: true, scheme: 'bunny-token', overrides: {}, ...(directory === null ? {} : { path: directory[1] }) };
  };
}
