import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../src/index.js';
import { captureIo } from '../../helpers/capture-io.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/nginx/', import.meta.url));
const APP = 'location / { proxy_pass http://127.0.0.1:8000; }';

/** Runs from-nginx on `files` (name → text) written into a fresh folder; `nginx.conf` is the main file. */
async function run(files: Record<string, string>, flags: string[] = []): Promise<{ status: number; out: string; err: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-from-nginx-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const io = captureIo({ cwd: dir });
  const status = await runCli(['from-nginx', 'nginx.conf', ...flags], io);
  return { status, out: io.out, err: io.err, dir };
}

function server(body: string, http = ''): string {
  return `events {}\nhttp {\n${http}\nserver { listen 8090; server_name f.example.com;\n${APP}\n${body}\n}\n}\n`;
}

describe('cdn-accel from-nginx: what it never prints, and input it refuses', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const translate = async (files: Record<string, string>, flags: string[] = []): Promise<{ status: number; out: string; err: string; dir: string }> => {
    const result = await run(files, flags);
    dirs.push(result.dir);
    return result;
  };

  it('prints no argument of a directive it does not know, and no value of a header that may hold a credential', async () => {
    const conf = server(`set $token "tok-SECRET-1";
      location /p/ { internal; proxy_set_header Authorization "Basic dXNlcjpTM2NyZXQ="; proxy_set_header X-Api-Key k3y-VALUE;
        aws_access_key AKIAEXAMPLE; aws_secret_key "sk-SECRET-2"; add_header X-Debug "ah-SECRET-3"; proxy_pass https://bucket.s3.amazonaws.com/; }
      location /q/ { internal; secure_link_secret s3cretword; alias /srv/q/; proxy_set_header Host $host; }`);
    const { status, err } = await translate({ 'nginx.conf': conf });
    expect(status).to.equal(0);
    for (const secret of ['tok-SECRET', 'dXNl', 'k3y-VALUE', 'AKIAEXAMPLE', 'sk-SECRET', 'ah-SECRET', 's3cretword']) expect(err).not.to.include(secret);
    expect(err).to.include('approximated: aws_secret_key (1 argument, not shown): Nginx signed its requests to S3 with these; cdn-accel presigns with the AWS credentials it finds');
    expect(err).to.include('not translatable: secure_link_secret (1 argument, not shown): ');
    expect(err).to.include('translated: proxy_set_header Authorization (value not shown): ');
    expect(err).to.include('translated: proxy_set_header Host $host: ');
  });

  it('prints no word of an included file that parses but holds no directive names', async () => {
    const { status, err } = await translate({ 'nginx.conf': server('location /p/ { internal; alias /srv/p/; include env; }'), env: 'API_TOKEN=abc123;\n' });
    expect(status).to.equal(0);
    expect(err).not.to.include('abc123');
    expect(err).to.include('env:1: not translatable: (a word that is no directive name, with 0 arguments; not shown): ');
  });

  it('takes the one run of text of a secure_link_md5 expression as the secret, spaces included, and prints none of it', async () => {
    const conf = server('location /media/ { secure_link $arg_md5,$arg_expires; secure_link_md5 "$secure_link_expires$uri my secret phrase"; alias /srv/media/; }');
    const { status, out, err } = await translate({ 'nginx.conf': conf });
    expect(status).to.equal(0);
    expect(JSON.parse(out).locations['/media/'].secureLinkMd5).to.equal('$secure_link_expires$uri $secret');
    expect(out + err).not.to.match(/phrase|my secret/);
  });

  it('refuses an expression with several runs of text, printing none of them', async () => {
    for (const expression of ['$secure_link_expires/static$uri x9y', 'x9y$uri/download/files$secure_link_expires']) {
      const conf = server(`location /media/ { secure_link $arg_md5,$arg_expires; secure_link_md5 "${expression}"; alias /srv/media/; } location /p/ { internal; alias /srv/p/; }`);
      const { status, out, err } = await translate({ 'nginx.conf': conf });
      expect(status).to.equal(0);
      expect(JSON.parse(out).locations).not.to.have.property('/media/');
      expect(out + err).not.to.match(/x9y|static|download/);
      expect(err).to.include('has 2 runs of text between its variables');
    }
  });

  it('names an unknown variable of the expression only when it is one of Nginx\'s, never a word that may be a secret', async () => {
    const known = await translate({ 'nginx.conf': server('location /m/ { secure_link $arg_md5,$arg_expires; secure_link_md5 "$secure_link_expires$uri$arg_foo s3"; alias /srv/m/; } location /p/ { internal; alias /srv/p/; }') });
    expect(known.err).to.include('not translatable: secure_link_md5 "$secure_link_expires$uri$arg_foo $secret": the expression uses $arg_foo;');
    const typo = await translate({ 'nginx.conf': server('location /m/ { secure_link $arg_md5,$arg_expires; secure_link_md5 "$secure_link_expires$uri $Xk9Pq2 s3"; alias /srv/m/; } location /p/ { internal; alias /srv/p/; }') });
    expect(typo.err).not.to.include('Xk9Pq2');
    expect(typo.err).to.include('the expression uses 1 variable it does not know;');
  });

  it('takes secure_link_md5 and secure_link from the server or http level, as Nginx inherits them', async () => {
    const conf = server('secure_link_md5 "$secure_link_expires$uri SERVERSECRET"; location /inh/ { secure_link $arg_md5,$arg_expires; alias /srv/inh/; }', 'secure_link_md5 "$secure_link_expires$uri HTTPSECRET";');
    const { status, out, err } = await translate({ 'nginx.conf': conf });
    expect(status).to.equal(0);
    expect(JSON.parse(out).locations['/inh/']).to.deep.include({ type: 'secure-link', secureLinkMd5: '$secure_link_expires$uri $secret' });
    expect(err).to.include('(inherited from the enclosing block)');
    expect(out + err).not.to.match(/SERVERSECRET|HTTPSECRET/);
    const both = server('secure_link $arg_h,$arg_e; secure_link_md5 "$uri$secure_link_expires S"; location /v/ { if ($secure_link = "") { return 403; } alias /srv/v/; } location /other/ { alias /srv/o/; }');
    const second = await translate({ 'nginx.conf': both });
    expect(second.status).to.equal(0);
    expect(Object.keys(JSON.parse(second.out).locations)).to.deep.equal(['/v/']);
    expect(JSON.parse(second.out).locations['/v/'].secureLink).to.equal('$arg_h,$arg_e');
  });

  it('shows no content of an included file that is no configuration in its error', async () => {
    const { status, err } = await translate({ 'nginx.conf': 'events {}\nhttp { include passwd; }\n', passwd: 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' });
    expect(status).to.equal(2);
    expect(err).to.equal('cdn-accel from-nginx: passwd:3: unexpected end of file, expecting ";" or "}" after a word that is no directive name (not shown)\n');
  });

  it('leaves out a signed location without --signed-hosts, saying to list the buckets\' own hosts', async () => {
    const io = captureIo({ cwd: join(FIXTURES, 'zulip') });
    expect(await runCli(['from-nginx', 'nginx.conf'], io)).to.equal(0);
    expect(JSON.parse(io.out).locations).not.to.have.property('/internal/s3/');
    expect(io.err).to.match(/not translatable: proxy_pass \$download_url\$is_args\$args: a "signed" location .*pass --signed-hosts <your bucket's host\(s\)>/);
    const only = await translate({ 'nginx.conf': server('location ~ ^/s/(?<h>[^/]+)/(?<p>.*) { internal; proxy_pass https://$h/$p; }') });
    expect(only.status).to.equal(2);
    expect(only.err).to.match(/no location could be translated/);
  });

  it('warns of --signed-hosts that admit other people\'s buckets: a shared provider domain, a path-style host', async () => {
    const io = captureIo({ cwd: join(FIXTURES, 'zulip') });
    expect(await runCli(['from-nginx', 'nginx.conf', '--signed-hosts', '*.s3.amazonaws.com,s3.eu-west-1.amazonaws.com,*.storage.googleapis.com'], io)).to.equal(0);
    expect(io.err).to.include('WARNING: *.s3.amazonaws.com, *.storage.googleapis.com is a provider\'s shared domain, under which anyone can create a bucket');
    expect(io.err).to.include('WARNING: s3.eu-west-1.amazonaws.com is a path-style host, which reaches every bucket');
    const own = captureIo({ cwd: join(FIXTURES, 'zulip') });
    expect(await runCli(['from-nginx', 'nginx.conf', '--signed-hosts', 'zulip-uploads.s3.eu-west-1.amazonaws.com'], own)).to.equal(0);
    expect(own.err).not.to.include('WARNING');
  });

  it('refuses blocks nested too deep with file and line, exit 2', async () => {
    const { status, err } = await translate({ 'nginx.conf': `events {}\nhttp { server { ${APP} location /p/ { internal; alias /srv/;\n${'if ($a) { '.repeat(2000)}${'} '.repeat(2000)} } } }\n` });
    expect(status).to.equal(2);
    expect(err).to.equal('cdn-accel from-nginx: nginx.conf:3: blocks nested more than 64 deep\n');
  });

  it('limits includes in all and in depth, and says which', async () => {
    const fan: Record<string, string> = { 'nginx.conf': server('location /p/ { internal; alias /srv/p/; }', 'include l0.conf;') };
    for (let level = 0; level < 20; level += 1) fan[`l${level}.conf`] = `include l${level + 1}.conf;\ninclude l${level + 1}.conf;\n`;
    fan['l20.conf'] = '';
    const wide = await translate(fan);
    expect(wide.status).to.equal(2);
    expect(wide.err).to.match(/: more than 1000 included files in all/);
    const chain: Record<string, string> = { 'nginx.conf': server('location /p/ { internal; alias /srv/p/; }', 'include c0.conf;') };
    for (let level = 0; level < 40; level += 1) chain[`c${level}.conf`] = `include c${level + 1}.conf;\n`;
    chain['c40.conf'] = '';
    const deep = await translate(chain);
    expect(deep.status).to.equal(2);
    expect(deep.err).to.match(/c30\.conf:1: includes nested more than 32 deep at "c31\.conf"\n$/);
    const cycle = await translate({ 'nginx.conf': server('location /p/ { internal; alias /srv/p/; }', 'include a.conf;'), 'a.conf': 'include a.conf;\n' });
    expect(cycle.err).to.equal('cdn-accel from-nginx: a.conf:1: "a.conf" includes itself\n');
  });

  it('writes neither output when one destination cannot be written, exit 2 with a message', async () => {
    const files = { 'nginx.conf': server('location /p/ { internal; alias /srv/p/; }') };
    const { status, out, err, dir } = await translate(files, ['--backend-snippet', 'snip.conf', '--out', 'missing/x.json']);
    expect(status).to.equal(2);
    expect(out).to.equal('');
    expect(err).to.match(/\ncdn-accel from-nginx: cannot write .*missing\/x\.json \(ENOENT\); nothing written\n$/);
    expect(readdirSync(dir)).to.deep.equal(['nginx.conf']);
  });

  it('never writes through a file planted where its temporary file would be', async () => {
    const files = { 'nginx.conf': server('location /p/ { internal; alias /srv/p/; }') };
    const dir = mkdtempSync(join(tmpdir(), 'cdn-accel-from-nginx-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'victim'), 'keep');
    symlinkSync(join(dir, 'victim'), join(dir, 'out', `.cdn-accel.json.${process.pid}.tmp`));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const io = captureIo({ cwd: dir });
    expect(await runCli(['from-nginx', 'nginx.conf', '--out', 'out/cdn-accel.json'], io)).to.equal(0);
    expect(readFileSync(join(dir, 'victim'), 'utf8')).to.equal('keep');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'cdn-accel.json'), 'utf8')).locations).to.have.property('/p/');
    expect(readdirSync(join(dir, 'out')).sort()).to.deep.equal([`.cdn-accel.json.${process.pid}.tmp`, 'cdn-accel.json']);
    expect(existsSync(join(dir, 'out', 'cdn-accel.json'))).to.equal(true);
  });
});
