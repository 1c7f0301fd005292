import express, { type NextFunction, type Request, type Response } from 'express';
import { contentDispositionAttachment, type Accel } from '@cdn-accel/core';
import { expressAccel } from '@cdn-accel/express';
import { createSessions, credentialsMatch, filesPage, findBook, forbiddenPage, internalBookPath, loginPage, SESSION_COOKIE, VIDEO, videoPage, type ExampleConfig } from '@cdn-accel/example-common';

function sessionId(req: Request): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = pair.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/** The Express app: login, a page of files, downloads and a video answered with X-Accel-Redirect. */
export function createExpressApp(config: ExampleConfig, accel: Accel): express.Express {
  const app = express();
  const sessions = createSessions();
  app.disable('x-powered-by');

  // cdn-accel goes first, so it sees the headers every route below sets.
  app.use(expressAccel(accel));
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.user = sessions.user(sessionId(req));
    next();
  });

  const requireUser = (_req: Request, res: Response, next: NextFunction) => {
    if (res.locals.user === undefined) {
      res.status(403).type('html').send(forbiddenPage());
      return;
    }
    next();
  };

  app.get('/', (req, res) => {
    res.type('html').send(res.locals.user === undefined ? loginPage(req.query.failed === '1') : filesPage(res.locals.user as string));
  });

  app.post('/login', express.urlencoded({ extended: false, limit: '10kb' }), (req, res) => {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    if (!credentialsMatch(form.user ?? '', form.password ?? '', config.user, config.password)) {
      res.redirect(303, '/?failed=1');
      return;
    }
    res.cookie(SESSION_COOKIE, sessions.create(config.user), { httpOnly: true, sameSite: 'lax', secure: false });
    res.redirect(303, '/');
  });

  app.post('/logout', (req, res) => {
    sessions.destroy(sessionId(req));
    res.clearCookie(SESSION_COOKIE);
    res.redirect(303, '/');
  });

  // The same answer the app gave Nginx: the file's internal path, and the name the download should get.
  app.get('/download/:name', requireUser, (req, res) => {
    const book = findBook(String(req.params.name));
    if (book === undefined) {
      res.status(404).send('no such file');
      return;
    }
    res.set('Content-Disposition', contentDispositionAttachment(book.name));
    res.set('X-Accel-Redirect', internalBookPath(book.name));
    res.end();
  });

  app.get('/video', requireUser, (_req, res) => {
    res.type('html').send(videoPage());
  });

  // The playlist goes through the app once: cdn-accel answers with the signed cookies for the video's folder.
  app.get(`/watch/${VIDEO.id}/${VIDEO.playlist}`, requireUser, (_req, res) => {
    res.set('X-Accel-Redirect', `/videos/${VIDEO.id}/${VIDEO.playlist}`);
    res.end();
  });

  return app;
}
