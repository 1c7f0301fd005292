import { expect } from 'chai';
import { parseConf } from '../../../src/nginx-conf/parse.js';
import { formatReport } from '../../../src/nginx-conf/report.js';
import { translateConf } from '../../../src/nginx-conf/translate.js';

function translate(server: string, http = ''): { config: Record<string, unknown>; report: string } {
  const text = `http {\n${http}\nserver {\n${server}\n}\n}\n`;
  const result = translateConf({ directives: parseConf(text, 'nginx.conf'), main: 'nginx.conf', dump: false }, { signedHosts: ['*.s3.amazonaws.com'] });
  return { config: result.config, report: formatReport(result.report) };
}

const FILES = 'location /p/ { internal; alias /srv/p/; }';

describe('nginx-conf: translating a server', () => {
  it('follows captures into alias, numbered or named, and refuses a file name that is not the path\'s rest', () => {
    expect(translate('location ~ ^/dl/(.+)$ { internal; alias /srv/dl/$1; }').config.locations).to.deep.equal({ '/dl/': { type: 'files', root: '/srv/dl/', contentType: 'app' } });
    const renamed = translate('location ~ ^/dl/(?<id>\\d+)$ { internal; alias /srv/dl/file-$id.pdf; }');
    expect(renamed.config.locations).to.deep.equal({});
    expect(renamed.report).to.match(/alias \/srv\/dl\/file-\$id\.pdf: the file name is not the internal path's rest/);
  });

  it('maps a regex proxy_pass onto S3 with the captured key', () => {
    const { config } = translate('location ~ ^/s3/(.*)$ { internal; proxy_pass https://acme-reports.s3.eu-west-1.amazonaws.com/pdf/$1; }');
    expect(config.locations).to.deep.equal({ '/s3/': { type: 's3', bucket: 'acme-reports', region: 'eu-west-1', prefix: 'pdf/', mode: 'stream' } });
  });

  it('says what cannot be known when a path depends on a variable it cannot resolve', () => {
    const { config, report } = translate('location /p/ { internal; proxy_pass https://$host/files/; }');
    expect(config.locations).to.deep.equal({});
    expect(report).to.include('it depends on $host, which cdn-accel does not know when it maps a path');
  });

  it('takes the app from an upstream, and says why a unix socket, FastCGI or a URI part cannot be the same', () => {
    expect(translate(`${FILES} location / { proxy_pass http://app; }`, 'upstream app { server unix:/run/app.sock; }').report)
      .to.include('not translatable: proxy_pass http://app: upstream "app" has no TCP server');
    expect(translate(`${FILES} location / { fastcgi_pass 127.0.0.1:9000; }`).report).to.include('cdn-accel forwards HTTP, not FASTCGI');
    const prefixed = translate(`${FILES} location / { proxy_pass http://127.0.0.1:8000/app/; }`);
    expect(prefixed.config.upstream).to.equal('http://127.0.0.1:8000');
    expect(prefixed.report).to.include('the URI part /app/ is not put in front of it');
    expect(translate(`${FILES} location / { proxy_pass http://app:8080; }`).config.upstream).to.equal('http://app:8080');
  });

  it('SECURITY: leaves out an app address with user:password@ (Nginx refuses it too), and never prints the password', () => {
    const { config, report } = translate(`${FILES} location / { proxy_pass http://deploy:s3cr3t@127.0.0.1:8000; }`);
    expect(config).not.to.have.property('upstream');
    expect(report).to.include('not translatable: proxy_pass http://…@127.0.0.1:8000: ');
    expect(report).not.to.include('s3cr3t');
    expect(JSON.stringify(config)).not.to.include('s3cr3t');
  });

  it('reads listen forms as Nginx does, and keeps the first of two locations with one key', () => {
    expect(translate(`listen 8080; ${FILES}`).config.listen).to.equal('0.0.0.0:8080');
    expect(translate(`listen [::1]:8081; ${FILES}`).config.listen).to.equal('[::1]:8081');
    expect(translate(`listen unix:/run/nginx.sock; ${FILES}`).report).to.include('cdn-accel listens on TCP');
    const twice = translate(`${FILES} location ~ ^/p/(.*) { internal; alias /srv/q/$1; }`);
    expect(twice.report).to.include('locations["/p/"] is already taken by an earlier location');
  });

  it('takes a plain-HTTP signed location as protocol http', () => {
    const { config } = translate('location ~ ^/internal/s3/(?<h>[^/]+)/(?<p>.*) { internal; proxy_pass http://$h/$p$is_args$args; }');
    expect(config.locations).to.deep.equal({ '/internal/s3/': { type: 'signed', hosts: ['*.s3.amazonaws.com'], mode: 'stream', protocol: 'http' } });
  });
});
