import { expect } from 'chai';
import fc from 'fast-check';
import { compileExpression, evaluate, evaluateBytes, parseSecureLinkMd5 } from '../../../src/secure-link/expression.js';
import { parseSecureLink } from '../../../src/secure-link/link-parameters.js';

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code: string }).code).to.equal('ERR_ACCEL_CONFIG');
    return (error as Error).message;
  }
  throw new Error('expected ERR_ACCEL_CONFIG');
}

const values = { uri: '/s/link', secure_link_expires: '2147483647', remote_addr: '127.0.0.1', secret: 'k3y' };

describe('parseSecureLinkMd5', () => {
  it('reads literal text and variables as Nginx compiles them: $name, ${name}, any case', () => {
    const expression = parseSecureLinkMd5('${secure_link_expires}:$URI:$Remote_Addr $secret!', 'secureLinkMd5');
    expect(expression.parts).to.deep.equal([
      { variable: 'secure_link_expires' }, { literal: ':' }, { variable: 'uri' }, { literal: ':' }, { variable: 'remote_addr' }, { literal: ' ' }, { variable: 'secret' }, { literal: '!' },
    ]);
    expect(expression.usesRemoteAddr).to.equal(true);
    expect(evaluate(expression, values)).to.equal('2147483647:/s/link:127.0.0.1 k3y!');
    expect(evaluateBytes(expression, { uri: Buffer.from([0x2f, 0xff]), secure_link_expires: Buffer.from('1'), remote_addr: Buffer.from(''), secret: Buffer.from('é') })).to.deep.equal(Buffer.from([0x31, 0x3a, 0x2f, 0xff, 0x3a, 0x20, 0xc3, 0xa9, 0x21]));
  });

  it('the compiled form (secret folded in) gives the same text as the parts, for any expression', () => {
    const piece = fc.oneof(fc.constantFrom('${uri}', '${secure_link_expires}', '${remote_addr}', '${secret}'), fc.string({ maxLength: 4 }).map((text) => text.replaceAll('$', '')));
    fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), fc.string(), fc.string(), fc.string(), fc.string(), (pieces, uri, expires, addr, secret) => {
      const expression = parseSecureLinkMd5(`$uri$secure_link_expires${'${secret}'}${pieces.join('')}`, 'f');
      expect(compileExpression(expression, secret)(uri, expires, addr)).to.equal(evaluate(expression, { uri, secure_link_expires: expires, remote_addr: addr, secret }));
    }));
  });

  it('a variable name ends at the first character that cannot be in one', () => {
    const expression = parseSecureLinkMd5('$secret$uri.$secure_link_expires-x', 'secureLinkMd5');
    expect(evaluate(expression, values)).to.equal('k3y/s/link.2147483647-x');
    expect(expression.usesRemoteAddr).to.equal(false);
  });

  it('an unknown variable is an ERR_ACCEL_CONFIG that names it and the variables there are, never the expression', () => {
    const message = configError(() => parseSecureLinkMd5('$secure_link_expires$request_uri$uri topsecret$secret', 'secureLinkMd5'));
    expect(message).to.match(/^secureLinkMd5: unknown variable "\$request_uri"\. Use \$uri, \$secure_link_expires, \$remote_addr and \$secret/);
    expect(message).not.to.include('topsecret');
    expect(configError(() => parseSecureLinkMd5('$secure_link_expires$uri$http_user_agent$secret', 'f'))).to.match(/unknown variable "\$http_user_agent"/);
    expect(configError(() => parseSecureLinkMd5('$secure_link_expires$uri$1$secret', 'f'))).to.match(/^f: "\$1" is a regular-expression capture/);
  });

  it('SECURITY: a name that is no Nginx variable is not shown: it may be the secret after a stray "$"', () => {
    const message = configError(() => parseSecureLinkMd5('$secure_link_expires$uri $Xk4_s3cr3T $secret', 'f'));
    expect(message).to.match(/^f: unknown variable at character 26 \(its name is not shown: it may be part of the secret\)/);
    expect(message).not.to.include('Xk4');
  });

  it('SECURITY: a variable that runs on into text (a secret written right after it) is explained without the text', () => {
    const message = configError(() => parseSecureLinkMd5('$uri$secure_link_expiresS3cr3t', 'f'));
    expect(message).to.equal('f: the variable "$secure_link_expires" runs on into the text after it (a name goes on while letters, digits and _ follow). Write ${secure_link_expires} to end the name there, here and in Nginx');
    expect(message).not.to.include('S3cr3t');
  });

  it('a "$" without a name and an unclosed ${ are refused, as Nginx refuses them', () => {
    expect(configError(() => parseSecureLinkMd5('$secure_link_expires$uri $secret $', 'f'))).to.match(/^f: has a "\$" that starts no variable name/);
    expect(configError(() => parseSecureLinkMd5('$secure_link_expires$uri${secret', 'f'))).to.match(/^f: the closing bracket of the variable "\$\{secret" is missing/);
  });

  it('SECURITY: the secret, the expiry and $uri must each be in it', () => {
    expect(configError(() => parseSecureLinkMd5('$secure_link_expires$uri literal', 'f'))).to.match(/^f: has no \$secret, so anyone could make these links\. Put \$secret in the expression/);
    expect(configError(() => parseSecureLinkMd5('$uri $secret', 'f'))).to.match(/has no \$secure_link_expires, so anyone could change the expiry of a link/);
    expect(configError(() => parseSecureLinkMd5('$secure_link_expires $secret', 'f'))).to.match(/has no \$uri, so one link would open every file of the location/);
  });

  it('not a string, or empty', () => {
    expect(configError(() => parseSecureLinkMd5(undefined, 'secureLinkMd5'))).to.match(/^secureLinkMd5: expected the secure_link_md5 expression as a string, got nothing/);
    expect(configError(() => parseSecureLinkMd5('', 'secureLinkMd5'))).to.match(/got an empty string/);
  });
});

describe('parseSecureLink', () => {
  it('the hash and expiry parameters of $arg_<hash>,$arg_<expires>', () => {
    expect(parseSecureLink(undefined, 'secureLink')).to.deep.equal({ hash: 'md5', expires: 'expires' });
    expect(parseSecureLink('$arg_st,$arg_e', 'secureLink')).to.deep.equal({ hash: 'st', expires: 'e' });
    expect(parseSecureLink('${arg_h},${arg_t}', 'secureLink')).to.deep.equal({ hash: 'h', expires: 't' });
  });

  it('other forms (no expiry, a cookie, a path capture) and one parameter for both are refused', () => {
    for (const bad of ['$arg_md5', '$cookie_md5,$arg_expires', '$secure,$arg_e', '$arg_md5, $arg_expires', 42]) {
      expect(configError(() => parseSecureLink(bad, 'secureLink')), String(bad)).to.match(/^secureLink: expected "\$arg_<hash parameter>,\$arg_<expiry parameter>"/);
    }
    expect(configError(() => parseSecureLink('$arg_x,$arg_X', 'secureLink'))).to.match(/both read from "x"/);
  });
});
