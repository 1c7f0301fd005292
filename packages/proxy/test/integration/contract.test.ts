import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline, Readable } from 'node:stream';
import { runAccelContract, type AppHandler, type ContractDriver, type RunningApp } from '@cdn-accel/contract-tests';
import type { Accel } from '@cdn-accel/core';
import { createAccelProxy, type ProxyTlsOptions } from '../../src/index.js';
import { opensslAvailable, selfSignedCertificate } from './support/tls.js';

/** The app as a plain `node:http` upstream: what a Django or Rails app behind the proxy would send. */
async function startUpstream(handler: AppHandler): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const answer = handler({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    const headers: string[] = [];
    for (const [name, value] of answer.headers ?? []) headers.push(name, value);
    res.writeHead(answer.status ?? 200, headers);
    if (answer.trailers !== undefined) res.addTrailers(answer.trailers);
    // pipeline destroys the body when the proxy drops the connection, as a real app's file stream would be.
    if (answer.body instanceof Readable) pipeline(answer.body, res, () => {});
    else res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The proxy in front of the app: plain HTTP/1.1, or with `tls` HTTPS that clients reach over HTTP/2. */
function proxyDriver(name: string, tls?: () => ProxyTlsOptions): ContractDriver {
  return {
    name,
    async start({ accel, app }: { accel: Accel; app: AppHandler }): Promise<RunningApp> {
      const upstream = await startUpstream(app);
      const proxy = createAccelProxy({ accel, upstream: upstream.url, shutdownTimeout: 1000, ...(tls === undefined ? {} : { tls: tls() }) });
      const { port } = await proxy.listen(0, '127.0.0.1');
      return {
        url: `${tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
        close: async () => {
          await proxy.close();
          await upstream.close();
        },
      };
    },
  };
}

runAccelContract(proxyDriver('cdn-accel proxy'));
if (opensslAvailable('the contract suite over HTTP/2')) {
  const certificate = selfSignedCertificate();
  runAccelContract(proxyDriver('cdn-accel proxy, HTTP/2 over TLS', () => certificate));
}
