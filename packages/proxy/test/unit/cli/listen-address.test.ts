import { expect } from 'chai';
import { parseListen } from '../../../src/cli/listen-address.js';

describe('parseListen', () => {
  it('reads host:port, a bare port, :port and bracketed IPv6', () => {
    expect(parseListen('0.0.0.0:8080')).to.deep.equal({ host: '0.0.0.0', port: 8080 });
    expect(parseListen('8080')).to.deep.equal({ host: '127.0.0.1', port: 8080 });
    expect(parseListen(':9000')).to.deep.equal({ host: '127.0.0.1', port: 9000 });
    expect(parseListen('[::1]:8443')).to.deep.equal({ host: '::1', port: 8443 });
    expect(parseListen('localhost:0')).to.deep.equal({ host: 'localhost', port: 0 });
  });

  it('refuses what is not an address', () => {
    for (const value of ['', 'host', 'host:port', '1.2.3.4:70000', '::1:80']) expect(() => parseListen(value), value).to.throw(/--listen/);
  });
});
