import { expect } from 'chai';
import fc from 'fast-check';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { isAccelHeader } from '../../../src/index.js';
import { gateAppTrailers, withoutAccelTrailers, type AppTrailerGate } from '../../../src/internal.js';

/** Serves one chunked response written by `write` with the gate on it, and gives what the client received. */
async function exchange(write: (res: ServerResponse, gate: AppTrailerGate) => void): Promise<IncomingMessage & { text: string }> {
  const server = createServer((_req, res) => write(res, gateAppTrailers(res)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const res = await new Promise<IncomingMessage>((resolve, reject) => get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { agent: false, headers: { TE: 'trailers' } }, resolve).on('error', reject));
    let text = '';
    for await (const chunk of res) text += String(chunk);
    return Object.assign(res, { text });
  } finally {
    server.close();
  }
}

const APP_TRAILERS = { 'X-Accel-Redirect': '/internal/secret.pdf', 'X-Sendfile': '/srv/secret.pdf', 'Server-Timing': 'db;dur=5' };

describe('gateAppTrailers', () => {
  it('SECURITY: a passed response keeps the app trailers but the internal ones, and its Trailer header names only those', async () => {
    const res = await exchange((res, gate) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', Trailer: 'X-Accel-Redirect, X-Sendfile, Server-Timing' });
      res.addTrailers(APP_TRAILERS);
      gate.pass(res);
      res.end('body');
    });
    expect(res.text).to.equal('body');
    expect(res.trailers).to.deep.equal({ 'server-timing': 'db;dur=5' });
  });

  it('rewrites the Trailer header when the response passes before its headers go', async () => {
    const res = await exchange((res, gate) => {
      res.setHeader('Trailer', 'X-Accel-Redirect, Server-Timing');
      gate.pass(res);
      res.write('bo');
      res.addTrailers([['X-Accel-Redirect', '/internal/x'], ['Server-Timing', 'a']]);
      res.end('dy');
    });
    expect(res.headers.trailer).to.equal('Server-Timing');
    expect(res.trailers).to.deep.equal({ 'server-timing': 'a' });
  });

  it('SECURITY: removes a Trailer header that names only internal trailers', async () => {
    const res = await exchange((res, gate) => {
      res.setHeader('Trailer', 'X-Accel-Redirect');
      gate.pass(res);
      res.addTrailers({ 'X-Accel-Redirect': '/internal/x' });
      res.end('body');
    });
    expect(res.headers).not.to.have.property('trailer');
    expect(res.trailers).to.deep.equal({});
  });

  it('keeps only the last list added before the decision, as Node does', async () => {
    const res = await exchange((res, gate) => {
      res.addTrailers({ 'Server-Timing': 'first' });
      res.addTrailers({ 'X-Checksum': 'second' });
      gate.pass(res);
      res.write('bo');
      res.end('dy');
    });
    expect(res.trailers).to.deep.equal({ 'x-checksum': 'second' });
  });

  it("SECURITY: a replaced response sends none of the app's trailers, added before or after the decision", async () => {
    const res = await exchange((res, gate) => {
      res.addTrailers({ 'Server-Timing': 'before' });
      gate.drop();
      res.addTrailers({ 'X-Checksum': 'after' });
      res.write('replaced');
      res.end();
    });
    expect(res.text).to.equal('replaced');
    expect(res.trailers).to.deep.equal({});
  });

  it('withoutAccelTrailers keeps exactly the names that are not internal, in order and form (property)', () => {
    const names = fc.oneof(fc.constantFrom('X-Accel-Redirect', 'x-accel-expires', 'X-Sendfile', 'X-LIGHTTPD-send-file', 'Server-Timing', 'X-Checksum'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/));
    fc.assert(
      fc.property(fc.array(fc.tuple(names, fc.string())), (pairs) => {
        const kept = withoutAccelTrailers(pairs) as Array<[string, string]>;
        expect(kept).to.deep.equal(pairs.filter(([name]) => !isAccelHeader(name)));
        const asObject = Object.fromEntries(pairs);
        expect(withoutAccelTrailers(asObject)).to.deep.equal(Object.fromEntries(Object.entries(asObject).filter(([name]) => !isAccelHeader(name))));
      }),
    );
  });
});
