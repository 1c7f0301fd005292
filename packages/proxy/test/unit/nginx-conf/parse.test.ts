import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitDump } from '../../../src/nginx-conf/dump-output.js';
import { globFiles } from '../../../src/nginx-conf/glob.js';
import { loadConf } from '../../../src/nginx-conf/load-conf.js';
import { parseConf, type Directive } from '../../../src/nginx-conf/parse.js';

function shape(directives: Directive[]): unknown[] {
  return directives.map((directive) => [directive.name, directive.args, directive.line, ...(directive.block === undefined ? [] : [shape(directive.block)])]);
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as { code?: string }).code).to.equal('ERR_ACCEL_CONFIG');
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('nginx-conf: reading a configuration the way Nginx reads it', () => {
  it('splits words, quoted strings, escapes, ${variables} and comments as ngx_conf_read_token does', () => {
    const source = [
      'location ~ ^/internal/s3/(?<s3_hostname>[^/]+)/(?<s3_path>.*) {  # a comment',
      '  add_header Content-Security-Policy "default-src \'none\'; style-src \'self\'";',
      "  set $u https://${s3_hostname}/a#b;",
      '  if ($secure_link = "") { return 403; }',
      '  return 200 \'say \\"hi\\"\';',
      '}',
    ].join('\n');
    expect(shape(parseConf(source, 'x.conf'))).to.deep.equal([
      ['location', ['~', '^/internal/s3/(?<s3_hostname>[^/]+)/(?<s3_path>.*)'], 1, [
        ['add_header', ['Content-Security-Policy', "default-src 'none'; style-src 'self'"], 2],
        ['set', ['$u', 'https://${s3_hostname}/a#b'], 3],
        ['if', ['($secure_link', '=', '', ')'], 4, [['return', ['403'], 4]]],
        ['return', ['200', 'say "hi"'], 5],
      ]],
    ]);
  });

  it('refuses what Nginx refuses, naming the file and line', () => {
    expect(errorOf(() => parseConf('http {\n  server {\n    listen 80;\n  }\n', 'a.conf'))).to.equal('a.conf:5: unexpected end of file, expecting "}" (the block opened at line 1 is not closed)');
    expect(errorOf(() => parseConf('events {}\n}\n', 'b.conf'))).to.equal('b.conf:2: unexpected "}"');
    expect(errorOf(() => parseConf('listen 80\n', 'c.conf'))).to.equal('c.conf:2: unexpected end of file, expecting ";" or "}" after "listen"');
    expect(errorOf(() => parseConf('{ "locations": {} }\n', 'd.json'))).to.equal('d.json:1: unexpected "{"');
    // An unquoted regex with "{" ends at the brace, as in Nginx: the braces no longer balance.
    expect(errorOf(() => parseConf('location ~ ^/a/[0-9]{2}/ { internal; }\n', 'e.conf'))).to.equal('e.conf:2: unexpected end of file, expecting "}" (the block opened at line 1 is not closed)');
    expect(errorOf(() => parseConf('add_header A "b"c;\n', 'f.conf'))).to.equal('f.conf:1: unexpected "c" after a quoted string');
    expect(errorOf(() => parseConf('add_header A "b;\n\n', 'g.conf'))).to.equal('g.conf:1: unexpected end of file, expecting the closing "');
  });

  it('reads a quoted regex holding "{"', () => {
    expect(shape(parseConf('location ~ "^/a/[0-9]{2}/" { internal; }', 'h.conf'))[0]).to.deep.equal(['location', ['~', '^/a/[0-9]{2}/'], 1, [['internal', [], 1]]]);
  });

  it('splits nginx -T output at its "# configuration file …:" markers', () => {
    const dump = [
      'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok',
      'nginx: configuration file /etc/nginx/nginx.conf test is successful',
      '# configuration file /etc/nginx/nginx.conf:',
      'http {',
      '    include /etc/nginx/conf.d/*.conf;',
      '}',
      '',
      '# configuration file /etc/nginx/conf.d/app.conf:',
      'server { listen 80; }',
      '',
    ].join('\n');
    expect([...(splitDump(dump) ?? new Map())]).to.deep.equal([
      ['/etc/nginx/nginx.conf', 'http {\n    include /etc/nginx/conf.d/*.conf;\n}'],
      ['/etc/nginx/conf.d/app.conf', 'server { listen 80; }'],
    ]);
    expect(splitDump('http { }\n')).to.equal(undefined);
  });

  describe('include', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'cdn-accel-nginx-conf-'));
      mkdirSync(join(dir, 'conf.d'));
      mkdirSync(join(dir, 'snippets'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('expands globs sorted, skips dotfiles, and resolves relative paths from the main file\'s folder', () => {
      writeFileSync(join(dir, 'nginx.conf'), 'http {\n  include conf.d/*.conf;\n}\n');
      writeFileSync(join(dir, 'conf.d', 'b.conf'), 'server { include snippets/s.conf; }\n');
      writeFileSync(join(dir, 'conf.d', 'a.conf'), 'upstream app { server 127.0.0.1:1; }\n');
      writeFileSync(join(dir, 'conf.d', '.hidden.conf'), 'broken {\n');
      writeFileSync(join(dir, 'conf.d', 'c.txt'), 'broken {\n');
      writeFileSync(join(dir, 'snippets', 's.conf'), 'listen 80;\n');
      expect(globFiles(join(dir, 'conf.d', '*.conf'))).to.deep.equal([join(dir, 'conf.d', 'a.conf'), join(dir, 'conf.d', 'b.conf')]);
      const conf = loadConf('nginx.conf', dir);
      expect(conf.directives[0]?.block?.map((directive) => [directive.file, directive.line, directive.name])).to.deep.equal([
        ['conf.d/a.conf', 1, 'upstream'],
        ['conf.d/b.conf', 1, 'server'],
      ]);
      expect(conf.directives[0]?.block?.[1]?.block?.[0]).to.include({ file: 'snippets/s.conf', line: 1, name: 'listen' });
    });

    it('refuses a missing file and a file that includes itself; a glob that matches nothing is no error', () => {
      writeFileSync(join(dir, 'nginx.conf'), 'http {\n  include conf.d/*.none;\n  include missing.conf;\n}\n');
      expect(errorOf(() => loadConf('nginx.conf', dir))).to.equal('nginx.conf:3: cannot open the included file "missing.conf" (looked for missing.conf)');
      writeFileSync(join(dir, 'loop.conf'), '\ninclude loop.conf;\n');
      expect(errorOf(() => loadConf('loop.conf', dir))).to.equal('loop.conf:2: "loop.conf" includes itself');
      expect(errorOf(() => loadConf('absent.conf', dir))).to.equal('absent.conf:1: cannot read the file (ENOENT)');
    });
  });
});
