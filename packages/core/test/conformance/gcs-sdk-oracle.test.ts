import { readFileSync } from 'node:fs';
import { Storage, type GetSignedUrlConfig } from '@google-cloud/storage';
import { expect } from 'chai';
import fc from 'fast-check';
import nock from 'nock';
import { createGcsSigner } from '../../src/gcs/create-signer.js';
import type { GcsCommonSignerOptions, GcsSignUrlRequest, ServiceAccountKey } from '../../src/gcs/types.js';

// @google-cloud/storage's getSignedUrl is the oracle (dev dependency only). It signs offline with the published
// test service account, and every network connection is refused while the suite runs, so a signature that needed
// the network (IAM signBlob, the metadata server) would fail. The client gets the key as `credentials`, which the
// SDK calls deprecated (it prints a warning, silenced here): with the recommended JWT auth client instead,
// getSignedUrl looks up the signer's email on the GCE metadata server, over the network.
const keyJson = JSON.parse(readFileSync(new URL('../vectors/gcs/test_service_account.not-a-test.json', import.meta.url), 'utf8')) as ServiceAccountKey;
const storage = withoutDeprecationWarning(() => new Storage({ projectId: String(keyJson.project_id), credentials: { client_email: keyJson.client_email, private_key: keyJson.private_key } }));

function withoutDeprecationWarning<T>(create: () => T): T {
  const { warn } = console;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('The `credentials` option is deprecated')) warn(...args);
  };
  try {
    return create();
  } finally {
    console.warn = warn;
  }
}

type Style = { options: GcsCommonSignerOptions; sdk: Partial<GetSignedUrlConfig> };
const styles: Style[] = [
  { options: { bucket: 'media-bucket' }, sdk: {} },
  { options: { bucket: 'media-bucket', urlStyle: 'virtual-hosted' }, sdk: { virtualHostedStyle: true } },
  { options: { bucket: 'media.example.com', bucketBoundHostname: 'https://media.example.com' }, sdk: { cname: 'https://media.example.com' } },
  { options: { bucket: 'media-bucket', bucketBoundHostname: 'http://cdn.example.net' }, sdk: { cname: 'http://cdn.example.net' } },
];

async function sdkSign(style: Style, request: Required<Pick<GcsSignUrlRequest, 'key' | 'expiresIn' | 'signingDate'>> & GcsSignUrlRequest): Promise<string> {
  const [url] = await storage.bucket(style.options.bucket).file(request.key).getSignedUrl({
    version: 'v4',
    action: 'read',
    accessibleAt: request.signingDate,
    expires: request.signingDate.getTime() + request.expiresIn * 1000,
    ...(request.responseHeaders?.contentDisposition === undefined ? {} : { responseDisposition: request.responseHeaders.contentDisposition }),
    ...(request.responseHeaders?.contentType === undefined ? {} : { responseType: request.responseHeaders.contentType }),
    ...style.sdk,
  });
  return url;
}

/** Same parameters in any order (the SDK writes the X-Goog- ones first, in its own order): only the set must agree. */
function normalise(url: string): { base: string; params: string[] } {
  const [base = '', query = ''] = url.split('?');
  return { base, params: query.split('&').sort() };
}

const awkwardChar = fc.constantFrom(...'abcXYZ019-._~ +!*\'()&=;,:@$?#%/é中😀'.split(/(?=[\s\S])/u), '\u00a0', 'ü', '[', ']', '"', '\\');
const objectName = fc.array(awkwardChar, { minLength: 1, maxLength: 40 }).map((chars) => chars.join(''))
  .filter((name) => !name.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment)));
const headerValue = fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }).filter((value) => !/[\u0000-\u001f\u007f]/.test(value));
// The SDK refuses expiries before its own clock, so the signing times lie ahead.
const signingDate = fc.date({ min: new Date('2030-01-01T00:00:00Z'), max: new Date('2090-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => new Date(Math.floor(date.getTime() / 1000) * 1000));

describe('GCS V4 signer vs @google-cloud/storage getSignedUrl (oracle, offline)', () => {
  before(() => nock.disableNetConnect());
  after(() => nock.enableNetConnect());

  it('signs the same URLs over generated object names, URL styles, lifetimes and response overrides', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...styles), objectName, fc.integer({ min: 1, max: 604_800 }), signingDate,
      fc.record({ contentDisposition: headerValue, contentType: headerValue }, { requiredKeys: [] }),
      async (style, key, expiresIn, date, responseHeaders) => {
        const request = { key, expiresIn, signingDate: date, responseHeaders };
        const ours = createGcsSigner({ ...style.options, serviceAccountKey: keyJson }).signUrl(request);
        expect(normalise(ours)).to.deep.equal(normalise(await sdkSign(style, request)));
      },
    ), { numRuns: 200 });
  });

  it('agrees on the awkward names one by one: spaces, unicode, + ? # % ~, leading and trailing slashes, 1024 bytes', async () => {
    const names = ['a b.pdf', 'résumé 2024.pdf', '中文/文件.txt', '😀.png', 'a+b', 'what?.txt', 'c#.md', '100%', 'a%2Fb', '~user/file', '/leading', 'trailing/', '//double//slashes//', "!*'()", 'a&b=c;d,e:f@g$h', 'é'.repeat(512), `${'a/'.repeat(300)}end`];
    const signingDay = new Date('2031-05-04T03:02:01Z');
    for (const style of styles) {
      for (const key of names) {
        const request = { key, expiresIn: 3600, signingDate: signingDay, responseHeaders: { contentDisposition: `attachment; filename="${key.slice(-8)}"` } };
        const ours = createGcsSigner({ ...style.options, serviceAccountKey: keyJson }).signUrl(request);
        expect(normalise(ours), `${style.options.urlStyle ?? 'path'} ${key}`).to.deep.equal(normalise(await sdkSign(style, request)));
      }
    }
  });
});
