import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { answerClientError, clientErrorStatus } from '../../../src/server/client-error.js';

const failure = (code: string): Error => Object.assign(new Error(code), { code });

describe('client errors', () => {
  it('answers 408 to a request that did not arrive in time, 431 to headers over the limit, 400 otherwise', () => {
    expect(clientErrorStatus(failure('ERR_HTTP_REQUEST_TIMEOUT'))).to.equal(408);
    expect(clientErrorStatus(failure('HPE_HEADER_OVERFLOW'))).to.equal(431);
    expect(clientErrorStatus(failure('HPE_INVALID_METHOD'))).to.equal(400);
    expect(clientErrorStatus(new Error('no code'))).to.equal(400);
  });

  it('writes the status line and closes the connection', () => {
    const socket = new PassThrough();
    answerClientError(failure('ERR_HTTP_REQUEST_TIMEOUT'), socket);
    expect(String(socket.read())).to.equal('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    expect(socket.writableEnded).to.equal(true);
  });

  it('destroys a connection it can no longer write to', () => {
    const socket = new PassThrough();
    socket.end();
    answerClientError(failure('ECONNRESET'), socket);
    expect(socket.destroyed).to.equal(true);
  });
});
