import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { expect } from 'chai';
import type { StreamDecision } from '../../../src/contract/decision.js';
import type { StreamSource, StreamSourceOptions } from '../../../src/contract/stream-source.js';
import { createAccel } from '../../../src/engine/create-accel.js';
import { sendStreamAnswer } from '../../../src/stream/send-stream.js';
import { fakeTarget, view } from '../engine/fake-target.js';
// By path, as in send-stream.test.ts: a devDependency on @cdn-accel/contract-tests would make a workspace cycle.
import { startServer, type TestServer } from '../../../../contract-tests/src/origin-server.js';

/** A source that answers every decision with `body` and records what it was handed. */
function recordingSource(body: string): StreamSource & { calls: Array<{ decision: StreamDecision; options: StreamSourceOptions }> } {
  const calls: Array<{ decision: StreamDecision; options: StreamSourceOptions }> = [];
  return {
    calls,
    open(decision, options) {
      calls.push({ decision, options });
      return Promise.resolve({ status: 200, headers: [['Content-Length', String(body.length)], ...decision.overrideHeaders], body: Readable.from([Buffer.from(body)]), buffering: true });
    },
  };
}

function get(url: string): Promise<{ response: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      buffer(response).then((body) => resolve({ response, body }), reject);
    }).on('error', reject).end();
  });
}

describe('a target’s own stream source (streamSource)', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('is carried into the location’s stream decisions, and only into its own', () => {
    const source = recordingSource('x');
    const accel = createAccel({
      locations: { '/files/': fakeTarget({ mode: 'stream', streamSource: source }), '/cdn/': fakeTarget({ mode: 'stream' }) },
    });
    const own = accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/files/a.txt' })) as StreamDecision;
    expect(own.kind).to.equal('stream');
    expect(own.source).to.equal(source);
    const fetched = accel.decide({ method: 'GET' }, view({ 'X-Accel-Redirect': '/cdn/a.txt' })) as StreamDecision;
    expect(fetched.source).to.equal(undefined);
  });

  it('answers in place of the HTTP fetch, with the decision and an abort signal', async () => {
    const source = recordingSource('from the source');
    // Port 1 on loopback refuses: an HTTP fetch of the URL would fail with 502.
    const decision: StreamDecision = {
      kind: 'stream', url: 'http://127.0.0.1:1/a.txt', method: 'GET', forwardHeaders: [], overrideHeaders: [['Content-Disposition', 'attachment']], buffering: true, source,
    };
    const front = await startServer((_req: IncomingMessage, res: ServerResponse) => {
      sendStreamAnswer(decision, res).catch(() => {
        res.statusCode = 502;
        res.end();
      });
    });
    servers.push(front);
    const { response, body } = await get(`${front.url}/download`);
    expect(response.statusCode).to.equal(200);
    expect(body.toString()).to.equal('from the source');
    expect(response.headers['content-disposition']).to.equal('attachment');
    expect(source.calls).to.have.length(1);
    expect(source.calls[0]?.decision).to.equal(decision);
    expect(source.calls[0]?.options.signal).to.be.an.instanceOf(AbortSignal);
  });
});
