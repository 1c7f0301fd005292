import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { buffer } from 'node:stream/consumers';
import { expect } from 'chai';
import type { StreamDecision } from '../../../src/contract/decision.js';
import { sendStreamAnswer, type ResponseWriter } from '../../../src/stream/send-stream.js';
// By path, as in fetch-stream.test.ts: a devDependency on @cdn-accel/contract-tests would make a workspace cycle.
import { objectHandler, startServer, type TestServer } from '../../../../contract-tests/src/origin-server.js';

const object = Buffer.from('0123456789abcdefghij');

function decision(url: string): StreamDecision {
  return { kind: 'stream', url, method: 'GET', forwardHeaders: [], overrideHeaders: [['Set-Cookie', 'seen=1']], buffering: true };
}

function get(url: string): Promise<{ response: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      buffer(response).then((body) => resolve({ response, body }), reject);
    }).on('error', reject).end();
  });
}

describe('sendStreamAnswer (against a local HTTP origin)', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('replaces every header set so far, leaves the omitted ones off, and writes through the given methods', async () => {
    const origin = await startServer(objectHandler({ '/a.bin': object }));
    const calls: string[] = [];
    const front = await startServer((_req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('X-Accel-Redirect', '/internal/a.bin');
      const writer: ResponseWriter<ServerResponse> = {
        writeHead(status) {
          calls.push(`writeHead ${status}`);
          return this.writeHead(status);
        },
        write(chunk) {
          calls.push('write');
          return this.write(chunk);
        },
        end() {
          calls.push('end');
          return this.end();
        },
      };
      sendStreamAnswer(decision(`${origin.url}/a.bin`), res, { writer, omitHeaders: new Set(['etag']) }).catch(() => res.destroy());
    });
    servers.push(origin, front);
    const { response, body } = await get(`${front.url}/download`);
    expect(response.statusCode).to.equal(200);
    expect(body).to.deep.equal(object);
    expect(response.headers['x-accel-redirect']).to.equal(undefined);
    expect(response.headers.etag).to.equal(undefined);
    expect(response.headers['content-length']).to.equal('20');
    expect(response.headers['set-cookie']).to.deep.equal(['seen=1']);
    expect(calls[0]).to.equal('writeHead 200');
    expect(calls).to.include('write');
    expect(calls.at(-1)).to.equal('end');
  });

  it('rejects with the origin\'s error before writing anything', async () => {
    const origin = await startServer(objectHandler({}));
    let failure: Promise<{ error: unknown; headersSent: boolean }> | undefined;
    const front = await startServer((_req: IncomingMessage, res: ServerResponse) => {
      failure = sendStreamAnswer(decision(`${origin.url}/missing.bin`), res).then(
        () => ({ error: undefined, headersSent: true }),
        (error: unknown) => {
          const headersSent = res.headersSent;
          res.statusCode = 502;
          res.end();
          return { error, headersSent };
        },
      );
    });
    servers.push(origin, front);
    expect((await get(`${front.url}/download`)).response.statusCode).to.equal(502);
    const { error, headersSent } = await (failure as Promise<{ error: unknown; headersSent: boolean }>);
    expect(error).to.include({ code: 'ERR_ACCEL_ORIGIN', status: 404 });
    expect(headersSent).to.equal(false);
  });
});
