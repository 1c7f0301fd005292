import Router from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import { contentDispositionAttachment, type Accel } from '@cdn-accel/core';
import { koaAccel } from '@cdn-accel/koa';
import { createSessions, credentialsMatch, filesPage, findBook, forbiddenPage, internalBookPath, loginPage, SESSION_COOKIE, VIDEO, videoPage, type ExampleConfig } from '@cdn-accel/example-common';

async function readForm(ctx: Context): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of ctx.req) {
    body += String(chunk);
    if (body.length > 10_000) ctx.throw(413, 'form too large');
  }
  return new URLSearchParams(body);
}

/** The Koa app: login, a page of files, downloads and a video answered with X-Accel-Redirect. */
export function createKoaApp(config: ExampleConfig, accel: Accel): Koa {
  const app = new Koa();
  const sessions = createSessions();
  const router = new Router();

  // cdn-accel goes first, so it sees the headers every route below sets.
  app.use(koaAccel(accel));
  app.use(async (ctx: Context, next: Next) => {
    ctx.state.user = sessions.user(ctx.cookies.get(SESSION_COOKIE));
    await next();
  });

  const requireUser = async (ctx: Context, next: Next) => {
    if (ctx.state.user === undefined) {
      ctx.status = 403;
      ctx.type = 'html';
      ctx.body = forbiddenPage();
      return;
    }
    await next();
  };

  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = ctx.state.user === undefined ? loginPage(ctx.query.failed === '1') : filesPage(ctx.state.user as string);
  });

  router.post('/login', async (ctx) => {
    const form = await readForm(ctx);
    if (!credentialsMatch(form.get('user') ?? '', form.get('password') ?? '', config.user, config.password)) {
      ctx.status = 303;
      ctx.redirect('/?failed=1');
      return;
    }
    ctx.cookies.set(SESSION_COOKIE, sessions.create(config.user), { httpOnly: true, sameSite: 'lax', secure: false, overwrite: true });
    ctx.status = 303;
    ctx.redirect('/');
  });

  router.post('/logout', (ctx) => {
    sessions.destroy(ctx.cookies.get(SESSION_COOKIE));
    ctx.cookies.set(SESSION_COOKIE, null);
    ctx.status = 303;
    ctx.redirect('/');
  });

  // The same answer the app gave Nginx: the file's internal path, and the name the download should get.
  router.get('/download/:name', requireUser, (ctx) => {
    const book = findBook(ctx.params.name ?? '');
    if (book === undefined) return ctx.throw(404, 'no such file');
    ctx.set('Content-Disposition', contentDispositionAttachment(book.name));
    ctx.set('X-Accel-Redirect', internalBookPath(book.name));
    ctx.body = '';
  });

  router.get('/video', requireUser, (ctx) => {
    ctx.type = 'html';
    ctx.body = videoPage();
  });

  // The playlist goes through the app once: cdn-accel answers with the signed cookies for the video's folder.
  router.get(`/watch/${VIDEO.id}/${VIDEO.playlist}`, requireUser, (ctx) => {
    ctx.set('X-Accel-Redirect', `/videos/${VIDEO.id}/${VIDEO.playlist}`);
    ctx.body = '';
  });

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
