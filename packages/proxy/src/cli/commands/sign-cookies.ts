import type { CookieAttributes } from '@cdn-accel/core';
import { CliUsageError, type CliCommand, type CliIo } from '../command.js';
import { parseFlags, wholeNumberFlag } from '../flags.js';
import { asCliError, policyFromArgs, signerFromArgs, signingOptions, signingUsage } from './sign.js';

const usage = `Usage: cdn-accel sign-cookies --resource R --key-pair-id ID --private-key FILE --date-less-than T [options]

Prints CloudFront signed cookies as JSON (name → value), like \`aws cloudfront sign-cookies\`.
A resource with a * wildcard, --date-greater-than or --ip-address makes the policy custom.

Options:
  --resource R              URL or wildcard pattern, e.g. https://d.example/videos/* (required)
${signingUsage}
  --set-cookie              print ready-to-send Set-Cookie header values instead, one per line
  --cookie-domain D         Domain attribute (with --set-cookie), e.g. .example.com
  --cookie-path P           Path attribute (with --set-cookie)               [default: /]
  --same-site V             Strict, Lax or None (with --set-cookie)
  --max-age S               Max-Age in seconds (with --set-cookie)           [default: session cookie]
`;

function attributesFrom(values: { 'cookie-domain'?: string; 'cookie-path'?: string; 'same-site'?: string; 'max-age'?: string }): CookieAttributes {
  const attributes: CookieAttributes = {};
  if (values['cookie-domain'] !== undefined) attributes.domain = values['cookie-domain'];
  if (values['cookie-path'] !== undefined) attributes.path = values['cookie-path'];
  if (values['same-site'] !== undefined) attributes.sameSite = values['same-site'] as CookieAttributes['sameSite'];
  const maxAge = wholeNumberFlag('max-age', values['max-age'], { unit: 'seconds', example: '3600, or leave it out for a session cookie' });
  if (maxAge !== undefined) attributes.maxAge = maxAge;
  return attributes;
}

export const signCookiesCommand: CliCommand = {
  name: 'sign-cookies',
  summary: 'print CloudFront signed cookies as JSON (like aws cloudfront sign-cookies)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseFlags({
      args, strict: true, allowPositionals: false,
      options: {
        ...signingOptions, resource: { type: 'string' }, 'set-cookie': { type: 'boolean', default: false },
        'cookie-domain': { type: 'string' }, 'cookie-path': { type: 'string' }, 'same-site': { type: 'string' }, 'max-age': { type: 'string' },
      },
    });
    if (values.resource === undefined) throw new CliUsageError('--resource is required');
    try {
      const cookies = signerFromArgs(values, io).signCookies(values.resource, policyFromArgs(values, io), attributesFrom(values));
      io.stdout(values['set-cookie'] ? `${cookies.setCookie.join('\n')}\n` : `${JSON.stringify(cookies.values, null, 4)}\n`);
    } catch (error) {
      throw asCliError(error);
    }
    return 0;
  },
};
