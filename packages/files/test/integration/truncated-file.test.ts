import { expect } from 'chai';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StreamDecision } from '@cdn-accel/core';
import { sendStreamAnswer } from '@cdn-accel/core/internal';
import { files } from '../../src/index.js';

const SIZE = 1024 * 1024;

describe('a file that shrinks while it is sent, over HTTP/1.1 keep-alive', () => {
  let base = '';
  let server: Server;
  let onServed: (res: ServerResponse) => void = () => {};
  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'cdn-accel-files-truncated-'));
    const source = files({ root: base }).streamSource;
    server = createServer((req, res) => {
      const path = join(base, (req.url ?? '').slice(1));
      const decision: StreamDecision = { kind: 'stream', url: pathToFileURL(path).href, method: 'GET', forwardHeaders: [], overrideHeaders: [], buffering: true, ...(source === undefined ? {} : { source }) };
      // The file shrinks once its first bytes are on their way: the next read finds its end.
      const write = res.write.bind(res) as (chunk: Buffer) => boolean;
      let first = true;
      res.write = ((chunk: Buffer) => {
        if (first) truncateSync(path, 1000);
        first = false;
        return write(chunk);
      }) as typeof res.write;
      res.once('close', () => onServed(res));
      sendStreamAnswer(decision, res).catch(() => res.destroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(() => {
    server.close();
    rmSync(base, { recursive: true, force: true });
  });

  for (const [name, range] of [['the whole file', undefined], ['several ranges (multipart)', 'bytes=0-9,500000-']] as const) {
    it(`SECURITY: ${name}: the response is cut and the connection closed, so that the next response cannot be read as its rest`, async () => {
      const file = `shrinking-${range === undefined ? 'whole' : 'parts'}.bin`;
      writeFileSync(join(base, file), Buffer.alloc(SIZE, 120));
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      let received = 0;
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      const served = new Promise<ServerResponse>((resolve) => (onServed = resolve));
      const closed = once(socket, 'close');
      socket.write(`GET /${file} HTTP/1.1\r\nHost: files.test\r\n${range === undefined ? '' : `Range: ${range}\r\n`}\r\n`);
      const res = await served;
      expect(res.writableFinished, 'the response was ended as if whole').to.equal(false);
      await closed;
      expect(received).to.be.below(SIZE);
    });
  }
});
