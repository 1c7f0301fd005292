import { BOOKS, VIDEO } from './catalog.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · cdn-accel example</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem}code{background:#eee;padding:0 .2em}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export function loginPage(failed: boolean): string {
  return layout('Sign in', `
${failed ? '<p id="error" role="alert">Wrong user name or password.</p>' : ''}
<form method="post" action="/login">
  <label>User <input name="user" autocomplete="username" value="demo"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button type="submit">Sign in</button>
</form>
<p>The demo account is <code>demo</code> / <code>demo</code>.</p>`);
}

export function filesPage(user: string): string {
  const items = BOOKS.map((book) => `<li><a class="download" href="/download/${encodeURIComponent(book.name)}">${escapeHtml(book.title)}</a></li>`).join('\n');
  return layout('Your files', `
<p>Signed in as <strong id="user">${escapeHtml(user)}</strong>.</p>
<p>Each link answers <code>X-Accel-Redirect</code>; cdn-accel turns it into a short-lived signed CDN URL.</p>
<ul>${items}</ul>
<p><a id="video-link" href="/video">${escapeHtml(VIDEO.title)}</a> — authorized with CloudFront signed cookies.</p>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>`);
}

/**
 * The video page. The playlist URL is the app's own (`/watch/demo/index.m3u8`): it answers X-Accel-Redirect,
 * cdn-accel sets the signed cookies and redirects to the CDN, and every segment is then fetched from the CDN
 * with those cookies only. Browsers with native HLS play it in <video>; the list below shows every segment
 * fetched (the sample segments are placeholder bytes, not decodable video).
 */
export function videoPage(): string {
  const playlist = `/watch/${VIDEO.id}/${VIDEO.playlist}`;
  return layout(VIDEO.title, `
<video id="native" controls width="480" data-src="${playlist}"></video>
<p><button id="play" type="button">Load playlist and segments</button> <span id="status">idle</span></p>
<ol id="segments"></ol>
<script type="module">
const status = document.getElementById('status');
const list = document.getElementById('segments');
async function play() {
  status.textContent = 'loading';
  const video = document.getElementById('native');
  if (video.canPlayType('application/vnd.apple.mpegurl')) video.src = video.dataset.src;
  const response = await fetch(${JSON.stringify(playlist)}, { credentials: 'include' });
  if (!response.ok) { status.textContent = 'playlist ' + response.status; return; }
  const segments = (await response.text()).split('\\n').filter((line) => line && !line.startsWith('#'));
  let bytes = 0;
  for (const segment of segments) {
    const url = new URL(segment, response.url);
    const reply = await fetch(url, { credentials: 'include' });
    const size = (await reply.arrayBuffer()).byteLength;
    bytes += size;
    const item = document.createElement('li');
    item.className = 'segment';
    item.dataset.status = String(reply.status);
    item.dataset.bytes = String(size);
    item.textContent = url.pathname + ': ' + reply.status + ', ' + size + ' bytes';
    list.append(item);
    if (!reply.ok) { status.textContent = 'segment ' + reply.status; return; }
  }
  status.textContent = 'done: ' + segments.length + ' segments, ' + bytes + ' bytes from ' + new URL(response.url).origin;
}
document.getElementById('play').addEventListener('click', () => play().catch((error) => { status.textContent = 'error: ' + error.message; }));
</script>
<p><a href="/">Back to your files</a></p>`);
}

export function forbiddenPage(): string {
  return layout('Sign in required', '<p>Only signed-in users get files. <a href="/">Sign in</a>.</p>');
}
