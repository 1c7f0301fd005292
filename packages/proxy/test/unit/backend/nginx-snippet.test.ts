import { expect } from 'chai';
import { nginxInternalBackendSnippet } from '../../../src/backend/nginx-snippet.js';

describe('nginxInternalBackendSnippet', () => {
  it('renders the internal location: saved app headers, proxy_pass, body off, client address, relays', () => {
    expect(nginxInternalBackendSnippet('/protected/', '127.0.0.1:8081')).to.equal(`location /protected/ {
    internal;
    # The app's response headers: $upstream_http_* names the app's response only until proxy_pass starts its own.
    set $accel_content_disposition $upstream_http_content_disposition;
    set $accel_cache_control $upstream_http_cache_control;
    set $accel_expires $upstream_http_expires;
    set $accel_accept_ranges $upstream_http_accept_ranges;
    set $accel_content_type $upstream_http_content_type;
    set $accel_x_accel_expires $upstream_http_x_accel_expires;
    proxy_pass http://127.0.0.1:8081;
    # The app has read the body already; cdn-accel has no use for it.
    proxy_pass_request_body off;
    proxy_set_header Content-Length "";
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Accel-App-Content-Disposition $accel_content_disposition;
    proxy_set_header X-Accel-App-Cache-Control $accel_cache_control;
    proxy_set_header X-Accel-App-Expires $accel_expires;
    proxy_set_header X-Accel-App-Accept-Ranges $accel_accept_ranges;
    proxy_set_header X-Accel-App-Content-Type $accel_content_type;
    proxy_set_header X-Accel-App-X-Accel-Expires $accel_x_accel_expires;
}
`);
  });

  it('renders a named location: not marked internal, and naming itself to cdn-accel serve', () => {
    const block = nginxInternalBackendSnippet('@files', '127.0.0.1:8081');
    expect(block.startsWith('location @files {\n')).to.equal(true, block);
    expect(block).not.to.contain('    internal;');
    expect(block).to.contain('    proxy_pass http://127.0.0.1:8081;\n');
    expect(block).to.contain('    proxy_set_header X-Accel-App-Content-Disposition $accel_content_disposition;\n');
    expect(block).to.contain('    proxy_set_header X-Accel-App-X-Accel-Redirect @files;\n}\n');
    expect(nginxInternalBackendSnippet('/protected/', '127.0.0.1:8081')).not.to.contain('X-Accel-App-X-Accel-Redirect');
  });

  it('takes { host, port } and IPv6 addresses', () => {
    expect(nginxInternalBackendSnippet('/media/', { host: '::1', port: 9000 })).to.contain('    proxy_pass http://[::1]:9000;\n');
    expect(nginxInternalBackendSnippet('/media/', '[::1]:9000')).to.contain('    proxy_pass http://[::1]:9000;\n');
  });

  it('refuses a prefix or an address Nginx would read differently, naming the field', () => {
    for (const prefix of ['protected/', '/a b/', '/a;b/', '/a{b/', '@', '@a b', '@a;b', '/$x/', '']) {
      expect(() => nginxInternalBackendSnippet(prefix, '127.0.0.1:8081'), prefix).to.throw(/^prefix: /).with.property('code', 'ERR_ACCEL_CONFIG');
    }
    for (const listen of ['8081', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', 'a b:1', { host: 'x;', port: 1 }]) {
      expect(() => nginxInternalBackendSnippet('/p/', listen as string), JSON.stringify(listen)).to.throw(/^listen: /);
    }
  });
});
