import { expect } from 'chai';
import { cookieAttributeSuffix } from '../../../src/cloudfront/set-cookie.js';

describe('cookieAttributeSuffix', () => {
  it('defaults to Path=/; Secure; HttpOnly and no Max-Age', () => {
    expect(cookieAttributeSuffix()).to.equal('; Path=/; Secure; HttpOnly');
  });

  it('renders every attribute', () => {
    expect(cookieAttributeSuffix({ domain: '.example.com', path: '/videos/', maxAge: 600, sameSite: 'None' }))
      .to.equal('; Domain=.example.com; Path=/videos/; Max-Age=600; Secure; HttpOnly; SameSite=None');
    expect(cookieAttributeSuffix({ secure: false, httpOnly: false, sameSite: 'Lax' })).to.equal('; Path=/; SameSite=Lax');
  });

  it('SECURITY: refuses attribute injection through Domain and Path', () => {
    for (const domain of ['example.com; Domain=evil.com', 'a b.com', 'example.com\r\nSet-Cookie: x=1', '']) {
      expect(() => cookieAttributeSuffix({ domain }), domain).to.throw(/cookie\.domain/).with.property('code', 'ERR_ACCEL_INVALID_INPUT');
    }
    for (const path of ['/a; Secure=no', 'videos', '/a b', '/a,b']) expect(() => cookieAttributeSuffix({ path }), path).to.throw(/cookie\.path/);
  });

  it('refuses SameSite=None without Secure, and bad Max-Age / SameSite values', () => {
    expect(() => cookieAttributeSuffix({ sameSite: 'None', secure: false })).to.throw(/requires secure/);
    expect(() => cookieAttributeSuffix({ maxAge: -1 })).to.throw(/maxAge/);
    expect(() => cookieAttributeSuffix({ maxAge: 1.5 })).to.throw(/maxAge/);
    expect(() => cookieAttributeSuffix({ sameSite: 'lax' as never })).to.throw(/sameSite/);
  });
});
