import { expect } from 'chai';
import { locationPattern } from '../../../src/nginx-conf/location-pattern.js';
import { evaluate, parseSecureLinkMd5 } from '../../../../core/src/secure-link/expression.js';
import { splitSecret } from '../../../src/nginx-conf/secure-link.js';

describe('nginx-conf: location forms as cdn-accel keys', () => {
  it('takes a prefix as it is, and a prefix without "/" under its folder (a difference)', () => {
    expect(locationPattern(['/protected/'])).to.deep.include({ kind: 'prefix', key: '/protected/', differences: [] });
    expect(locationPattern(['^~', '/p/'])).to.deep.include({ key: '/p/' });
    expect(locationPattern(['/web/filestore']).key).to.equal('/web/filestore/');
    expect(locationPattern(['/web/filestore']).differences).to.have.length(1);
  });

  it('reads a regex\'s literal prefix and its named and numbered captures', () => {
    expect(locationPattern(['~', '^/internal/s3/(?<s3_hostname>[^/]+)/(?<s3_path>.*)'])).to.deep.equal({
      kind: 'regex',
      key: '/internal/s3/',
      rest: [{ capture: 's3_hostname', aliases: ['1'] }, { text: '/' }, { capture: 's3_path', aliases: ['2'] }],
      differences: [],
    });
    expect(locationPattern(['~', '^/dl/file-(\\d+)\\.pdf$'])).to.deep.include({ key: '/dl/', rest: [{ text: 'file-' }, { capture: '1', aliases: [] }, { text: '.pdf' }] });
    expect(locationPattern(['~', '^/dl/file-(\\d+)\\.pdf$']).differences).to.have.length(1);
    expect(locationPattern(['~*', '^/media/(.*)']).differences).to.have.length(1);
    expect(locationPattern(['~', '^/media/(?<file>.+)']).differences).to.deep.equal([]);
    expect(locationPattern(['~', '^/media/']).differences[0]).to.match(/also matched longer paths/);
  });

  it('says why a regex has no key', () => {
    expect(locationPattern(['~', '/cloud-storage-proxy/(.*)']).problem).to.match(/not anchored/);
    expect(locationPattern(['~', '^(.*)\\.pdf$']).problem).to.match(/literal path/);
    expect(locationPattern(['~', '^/a/(b(c))']).problem).to.match(/unnested/);
  });

  it('maps an exact location onto its folder, with the difference said', () => {
    expect(locationPattern(['=', '/reports/monthly.pdf'])).to.deep.include({ kind: 'exact', key: '/reports/', rest: [{ text: 'monthly.pdf' }] });
  });
});

describe('nginx-conf: the secret of a secure_link_md5 expression', () => {
  it('is the one run of text between the variables, spaces inside it included, the spaces around it kept', () => {
    expect(splitSecret('$secure_link_expires$uri$remote_addr secret')).to.deep.equal({ kind: 'split', expression: '$secure_link_expires$uri$remote_addr $secret', secret: 'secret' });
    expect(splitSecret('Ojd8-tF3w_q9LmZ2xVbC7pNe$uri$secure_link_expires')).to.deep.equal({ kind: 'split', expression: '$secret$uri$secure_link_expires', secret: 'Ojd8-tF3w_q9LmZ2xVbC7pNe' });
    expect(splitSecret('$secure_link_expires$uri my secret phrase')).to.deep.equal({ kind: 'split', expression: '$secure_link_expires$uri $secret', secret: 'my secret phrase' });
    expect(splitSecret('$secure_link_expires$uri')).to.deep.equal({ kind: 'none' });
    expect(splitSecret('$secure_link_expires $uri')).to.deep.equal({ kind: 'none' });
  });

  it('puts back, through core, the bytes Nginx hashes', () => {
    for (const expression of ['$secure_link_expires$uri$remote_addr  my secret ', ' x9y$uri$secure_link_expires', '$uri${secure_link_expires}s3cr3t']) {
      const split = splitSecret(expression);
      if (split.kind !== 'split') throw new Error(`${expression} not split`);
      const values = { uri: '/a', secure_link_expires: '9', remote_addr: '1.2.3.4', secret: split.secret };
      const nginx = evaluate(parseSecureLinkMd5(expression.replaceAll(split.secret, '$secret'), 'x'), values);
      expect(evaluate(parseSecureLinkMd5(split.expression, 'x'), values)).to.equal(nginx);
      expect(nginx).to.equal(expression.replace('$uri', '/a').replace(/\$\{?secure_link_expires\}?/, '9').replace('$remote_addr', '1.2.3.4'));
    }
  });

  it('is not guessed when the expression has several runs of text, whose shape alone is returned', () => {
    expect(splitSecret('$secure_link_expires/static$uri x9y')).to.deep.equal({ kind: 'several', count: 2, shape: '$secure_link_expires…$uri…' });
    expect(splitSecret('x9y$uri/download/files$secure_link_expires')).to.deep.equal({ kind: 'several', count: 2, shape: '…$uri…$secure_link_expires' });
  });
});
