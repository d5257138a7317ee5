// Express app factory: security headers, body limits, sessions, the API registry, static client, error mapping.
// It never listens: main.ts (and tests through supertest) do that.
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import type { AppContext } from './context';
import { AppError, errorBody, ERRORS } from './errors';
import { mapDbError } from './db/pg-errors';
import { jsonBody } from './http/body';
import { ApiRegistry } from './http/registry';
import { authenticate, csrfGuard } from './auth/session';
import { registerAllRoutes } from './routes';
import { serveClient } from './http/static';
import { RegexWorkExceeded } from '../surveys/regex-safety';

export interface MarsadApp { app: express.Express; api: ApiRegistry }

export function requestLanguage(req: Request): 'en' | 'ar' {
  const q = req.query?.lang;
  if (q === 'ar' || q === 'en') return q;
  return /^ar\b/i.test(req.get('accept-language') ?? '') ? 'ar' : 'en';
}

const HSTS = 'max-age=31536000; includeSubDomains';

/** helmet's policy: every header it sets is a constant of this configuration (no per-request nonce). */
export const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"], // SurveyJS sets inline style attributes
      'img-src': ["'self'", 'data:', 'blob:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'self'"],
      'upgrade-insecure-requests': null,
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: false, // sent below, only over HTTPS
  xFrameOptions: { action: 'deny' }, // as CSP frame-ancestors 'none'
};
const securityHeaders = helmet(HELMET_OPTIONS);

/**
 * The headers helmet sets, computed once by running it against a recording response: helmet walks a chain of eleven
 * middlewares per request to set the same constants (issue 20: the per-request cost of the chain). Anything other than
 * plain setHeader/removeHeader calls with constant values would make this fail at start-up, not silently.
 */
export function constantSecurityHeaders(): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  let called = false;
  const recorder = {
    setHeader: (name: string, value: unknown) => { headers.push([name, String(value)]); },
    removeHeader: () => undefined,
  };
  securityHeaders({} as Request, recorder as unknown as Response, (err?: unknown) => { if (err) throw err; called = true; });
  if (!called || headers.length < 10) throw new Error('helmet did not set its headers synchronously');
  return headers;
}

/**
 * One middleware for the headers every answer carries: helmet's security headers (constants, see above), HSTS when the
 * request came over HTTPS (directly, or through a proxy trusted by TRUST_PROXY: `req.secure`), and no caching of anything
 * the API, the respondent links or the exports answer (personal data): `no-store` + `Pragma: no-cache`. Static hashed
 * assets (/assets) keep their own immutable caching.
 */
function responseHeaders(): (req: Request, res: Response, next: NextFunction) => void {
  const constant = constantSecurityHeaders();
  return (req, res, next) => {
    for (let i = 0; i < constant.length; i++) res.setHeader(constant[i][0], constant[i][1]);
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    if (!req.path.startsWith('/assets/')) { res.setHeader('Cache-Control', 'no-store'); res.setHeader('Pragma', 'no-cache'); }
    next();
  };
}

/** A 400/415 raised by the body reader (e.g. a gzip body that does not inflate: zlib's error, status 400): never a 500. */
function isClientBodyError(err: unknown): boolean {
  const e = err as { status?: unknown; expose?: unknown } | undefined;
  return (e?.status === 400 || e?.status === 415) && e.expose === true;
}

/**
 * What every request goes through before the routes: settings, the response headers, the shutdown check, cookies, the
 * JSON body (limits and shape) on /api and /r, the officer session and its CSRF check. Exported for the submit bench's
 * reference route, which goes through the same pipeline (bench/submissions.ts).
 */
export function requestPipeline(app: express.Express, ctx: AppContext): void {
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.TRUST_PROXY);
  app.set('query parser', 'simple');
  // every body res.send answers is `no-store` (responseHeaders): an ETag (a SHA-1 of each body) would never be used;
  // files (sendFile: entry pages, assets) keep theirs
  app.set('etag', false);
  app.locals.rateLimits = ctx.config.RATE_LIMITS; // read by server/http/rate-limits.ts
  app.use(responseHeaders());
  app.use((req, res, next) => {
    if (ctx.shuttingDown) { res.set('Connection', 'close'); next(new AppError('database.unavailable', { reason: 'shutting down' })); return; }
    next();
  });
  app.use(cookieParser());
  app.use('/api', jsonBody(ctx.config.BODY_LIMIT));
  app.use('/r', jsonBody(ctx.config.BODY_LIMIT));
  app.use(authenticate(ctx));
  app.use('/api', csrfGuard);
}

export function createApp(ctx: AppContext): MarsadApp {
  const app = express();
  requestPipeline(app, ctx);

  const router = express.Router();
  const api = new ApiRegistry(ctx, router);
  registerAllRoutes(api, ctx);
  app.use(router);
  app.use('/api', (_req, _res, next) => next(new AppError('resource.not_found', { resource: 'route' })));
  serveClient(app, ctx);

  app.use(errorHandler(ctx));
  return { app, api };
}

/** Errors to their catalogue answer (status, code, message in the request language); anything unknown is logged, a 500. */
export function errorHandler(ctx: AppContext): (err: unknown, req: Request, res: Response, next: NextFunction) => void {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const lang = requestLanguage(req);
    let appErr: AppError | undefined;
    const bodyErrType = (err as { type?: string })?.type;
    if (err instanceof AppError) appErr = err;
    else if (bodyErrType === 'entity.too.large') appErr = new AppError('request.too_large', { limit: ctx.config.BODY_LIMIT });
    else if (bodyErrType === 'entity.parse.failed') appErr = new AppError('request.malformed_json');
    else if (bodyErrType === 'encoding.unsupported' || bodyErrType === 'charset.unsupported') appErr = new AppError('request.invalid', { reason: 'unsupported encoding' });
    else if (err instanceof URIError) appErr = new AppError('request.invalid', { reason: 'malformed percent-encoding in the address' });
    else if (err instanceof RegexWorkExceeded) appErr = new AppError('request.invalid', { reason: err.message });
    else if (isClientBodyError(err)) appErr = new AppError('request.invalid', { reason: 'the body could not be read with its Content-Encoding' });
    else appErr = mapDbError(err);
    if (!appErr) {
      ctx.log('error', `unhandled error on ${req.method} ${req.path}: ${(err as Error)?.stack ?? String(err)}`);
      appErr = new AppError('server.internal');
    }
    if (res.headersSent) { res.destroy(); return; }
    if (appErr.code === 'database.unavailable') res.set('Retry-After', '2');
    res.status(ERRORS[appErr.code].status).json(errorBody(appErr.code, appErr.details, lang));
  };
}
