import { expect } from 'chai';
import { parseConf } from '../../../src/nginx-conf/parse.js';
import { formatReport } from '../../../src/nginx-conf/report.js';
import { translateConf } from '../../../src/nginx-conf/translate.js';

function translate(server: string, http = ''): { locations: Record<string, Record<string, unknown>>; report: string } {
  const text = `http {\n${http}\nserver {\n${server}\n}\n}\n`;
  const result = translateConf({ directives: parseConf(text, 'nginx.conf'), main: 'nginx.conf', dump: false }, { signedHosts: ['*.s3.amazonaws.com'] });
  return { locations: result.config.locations as Record<string, Record<string, unknown>>, report: formatReport(result.report) };
}

describe('nginx-conf: limit_rate, limit_rate_after, expires and add_header of a stream location', () => {
  it('translates them into the location options, sizes and times in Nginx units', () => {
    const { locations, report } = translate('location /p/ { internal; alias /srv/p/; limit_rate 100k; limit_rate_after 2m; expires 1d12h; add_header X-A "a b"; add_header X-B b always; }');
    expect(locations['/p/']).to.deep.include({ limitRate: 102400, limitRateAfter: 2097152, expires: 129600, addHeaders: { 'X-A': 'a b', 'X-B': { value: 'b', always: true } } });
    expect(report).to.include('translated: limit_rate 100k: "limitRate": 102400; the app\'s X-Accel-Limit-Rate wins, as in Nginx');
    expect(report).to.include('translated: expires 1d12h: "expires": 129600');
    expect(report).to.include('translated: add_header X-B (value not shown): "addHeaders": { "X-B": { "value": <the value as written>, "always": true } }; on every status, cdn-accel\'s own error answers (404 for a missing file, 502) included');
    expect(translate('location /p/ { internal; alias /srv/p/; expires -1; }').locations['/p/']?.expires).to.equal(-1);
    expect(translate('location /p/ { internal; alias /srv/p/; expires max; }').locations['/p/']?.expires).to.equal('max');
  });

  it('inherits each from the nearest outer level only where the location has none of that name, as Nginx merges them', () => {
    const http = 'add_header X-Http h; expires epoch; limit_rate 1k;';
    const { locations, report } = translate('add_header X-Server s; location /p/ { internal; alias /srv/p/; } location /q/ { internal; alias /srv/q/; add_header X-Own o; expires off; }', http);
    expect(locations['/p/']).to.deep.include({ limitRate: 1024, expires: 'epoch', addHeaders: { 'X-Server': 's' } });
    expect(locations['/q/']).to.deep.include({ limitRate: 1024, addHeaders: { 'X-Own': 'o' } });
    expect(locations['/q/']).not.to.have.property('expires');
    expect(report).to.match(/approximated: add_header X-Server \(value not shown\): "addHeaders": \{ "X-Server": <the value as written> \} \(inherited: the location has none of its own\); Nginx applied it to the other locations of its level too/);
    expect(report).not.to.include('X-Http');
  });

  it('says what it cannot translate: variables, expires modified or @time, forbidden names, and joins a repeated name', () => {
    const { locations, report } = translate('location /p/ { internal; alias /srv/p/; add_header X-Id $request_id; add_header Set-Cookie a=1; add_header Link "<a>"; add_header link "<b>"; expires modified 1h; limit_rate $rate; }');
    expect(locations['/p/']).to.deep.include({ addHeaders: { Link: '<a>, <b>' } });
    expect(locations['/p/']).not.to.have.property('expires');
    expect(locations['/p/']).not.to.have.property('limitRate');
    expect(report).to.include('not translatable: add_header X-Id (value not shown): the value has a variable');
    expect(report).to.include('not translatable: add_header Set-Cookie (value not shown): a location may not add Set-Cookie: have the app send it');
    expect(report).to.include('approximated: add_header link (value not shown): joined to the earlier Link as one line (<the value as written>), where Nginx sends two');
    expect(report).to.include("not translatable: expires modified 1h: cdn-accel's \"expires\" takes seconds from now, 'epoch' or 'max', not an expiry counted from the file's Last-Modified");
    expect(report).to.include('not translatable: limit_rate $rate: $rate is not a fixed size');
    expect(translate('location /p/ { internal; alias /srv/p/; expires @15h; }').report).to.include('not a time of day');
  });

  it('prints the values of known harmless headers only, and refuses a value with control characters', () => {
    const { locations, report } = translate('location /p/ { internal; alias /srv/p/; add_header X-Frame-Options DENY; add_header X-Debug "ah-SECRET-000"; add_header X-A "a\\r\\nSet-Cookie: injected=1"; }');
    expect(report).to.include('translated: add_header X-Frame-Options DENY: "addHeaders": { "X-Frame-Options": "DENY" }');
    expect(report).to.include('translated: add_header X-Debug (value not shown): "addHeaders": { "X-Debug": <the value as written> }');
    expect(report).not.to.include('SECRET');
    expect(report).to.include('not translatable: add_header X-A (value not shown): the value holds control characters');
    expect(locations['/p/']?.addHeaders).to.deep.equal({ 'X-Frame-Options': 'DENY', 'X-Debug': 'ah-SECRET-000' });
  });

  it('translates them for a streamed proxy_pass location too', () => {
    const { locations } = translate('location /s3/ { internal; add_header X-Content-Type-Options nosniff; proxy_pass https://acme.s3.eu-west-1.amazonaws.com/; }');
    expect(locations['/s3/']).to.deep.include({ mode: 'stream', addHeaders: { 'X-Content-Type-Options': 'nosniff' } });
  });
});
