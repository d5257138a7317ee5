// Respondent side: invitation and open links (token → HttpOnly cookie, redirect without the token), the respondent
// page, and the respondent API (session, autosave, final submit) authorised by that cookie.
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import { sendEntryPage } from '../http/static';
import { rateLimiters } from '../http/rate-limits';
import { AppError } from '../errors';
import { sha256 } from '../auth/passwords';
import * as svc from '../services/responses';
import { ZAnswers } from '../../contracts/answers'; // keeps __proto__ keys for the validator (issue 16)

const ZLang = z.enum(['en', 'ar']);
const ZDraft = z.object({ seq: z.number().int().min(1).max(2_000_000_000), currentPage: z.number().int().min(0).max(10_000), language: ZLang, answers: ZAnswers });
const ZSubmit = z.object({ submissionId: z.uuid(), answers: ZAnswers, language: ZLang });
const ZToken = z.object({ token: z.string() });
const tag = 'respondent';
const brotli = promisify(zlib.brotliCompress);
const DAY = 86400000;
const browserLanguage = (req: Request): svc.Lang => (/^ar\b/i.test(req.get('accept-language') ?? '') ? 'ar' : 'en');

/** Unknown, revoked, used and expired links all get exactly this answer. */
const LINK_NOT_VALID = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Link not valid — الرابط غير صالح</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><main><h1>This link is not valid</h1><p>It may have expired, been replaced, or the questionnaire was already submitted. Please contact the person who sent it to you.</p>
<div dir="rtl" lang="ar"><h1>هذا الرابط غير صالح</h1><p>ربما انتهت صلاحيته أو استُبدل أو سبق إرسال الاستبيان. يرجى التواصل مع الشخص الذي أرسله إليك.</p></div></main></body></html>`;

function sendLinkNotValid(res: Response): void {
  res.status(404).set('Cache-Control', 'no-store').type('html').send(LINK_NOT_VALID);
}

function setRespondentCookie(req: Request, res: Response, value: string, closesAt?: Date): void {
  const untilClose = closesAt ? closesAt.getTime() - Date.now() + DAY : 90 * DAY;
  res.cookie(svc.RESPONDENT_COOKIE, value, {
    httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: Math.max(DAY, Math.min(untilClose, 365 * DAY)),
  });
}

/** The session carries the whole questionnaire (tens of KB): brotli it for respondents on slow connections. */
async function sendCompressedJson(req: Request, res: Response, body: unknown): Promise<void> {
  const json = Buffer.from(JSON.stringify(body));
  res.set({ 'Cache-Control': 'no-store', Vary: 'Accept-Encoding' });
  if (json.length < 1024 || !/\bbr\b/.test(req.get('accept-encoding') ?? '')) { res.type('json').send(json); return; }
  const br = await brotli(json, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
  res.set('Content-Encoding', 'br').type('json').send(br);
}

/**
 * CSRF for respondent writes: the cookie is SameSite=Lax (not sent on cross-site POSTs) and writes must be
 * Content-Type: application/json, which a cross-site HTML form cannot send (and fetch cannot without a CORS preflight).
 */
function requireJson(req: Request): void {
  if (!req.is('application/json')) throw new AppError('request.unsupported_media_type');
}

export function registerRespondentRoutes(api: ApiRegistry, ctx: AppContext): void {
  const limits = rateLimiters(ctx);
  const limit: RequestHandler[] = ctx.config.RATE_LIMITS ? [limits.token] : [];
  const submitLimit: RequestHandler[] = ctx.config.RATE_LIMITS ? [limits.token, limits.openSubmit] : [];
  const cookieOf = (req: Request) => req.cookies?.[svc.RESPONDENT_COOKIE];

  api.add({ method: 'get', path: '/r/:token', summary: 'Invitation link: sets the respondent cookie and redirects to /respond', tag,
    access: 'public', params: ZToken, produces: 'text/html' }, ...limit, async (req, res, next) => {
    try {
      const token = String(req.params.token);
      if (!(await ctx.db.transaction((em) => svc.openInvitationLink(em, token)))) return sendLinkNotValid(res);
      setRespondentCookie(req, res, token);
      res.redirect(303, '/respond');
    } catch (err) { next(err); }
  });

  api.add({ method: 'get', path: '/o/:token', summary: 'Open (anonymous) link: a new respondent cookie, then /respond', tag,
    access: 'public', params: ZToken, produces: 'text/html' }, ...limit, async (req, res, next) => {
    try {
      const token = String(req.params.token);
      if (!(await svc.openLinkUsable(ctx.db.manager, token))) return sendLinkNotValid(res);
      const current = cookieOf(req);
      const resume = typeof current === 'string' && current.startsWith(`o.${token}.`) && !(await svc.openCookieIsComplete(ctx.db.manager, current));
      if (!resume) setRespondentCookie(req, res, svc.newOpenCookie(token));
      res.redirect(303, '/respond');
    } catch (err) { next(err); }
  });

  api.add({ method: 'get', path: '/respond', summary: 'The respondent page (HTML)', tag, access: 'respondent', produces: 'text/html' },
    (_req, res) => { sendEntryPage(res, 'respond.html'); });

  api.add({ method: 'get', path: '/api/respond/session', summary: 'What the respondent resumes: definition, language, answers, page, status', tag,
    access: 'respondent' }, ...limit, read(ctx, async (req, res, em) => {
    const who = await svc.resolveRespondent(em, cookieOf(req));
    // an opaque per-respondent key for the page's localStorage (never the token itself): for an invitation it stays the
    // same when the link is replaced (wave + stakeholder), so answers kept on the device reach the new link
    const storageKey = sha256(who.kind === 'invitation' && who.stakeholderId
      ? `marsad-storage:${who.wave.id}:${who.stakeholderId}` : `marsad-storage:${cookieOf(req)}`).toString('hex').slice(0, 16);
    await sendCompressedJson(req, res, { ...(await svc.getSession(em, who, browserLanguage(req))), storageKey });
  }));

  api.add({ method: 'put', path: '/api/respond/draft', summary: 'Autosave the draft (partial validation, increasing seq)', tag,
    access: 'respondent', body: ZDraft }, ...limit, write(ctx, async (req, _res, em) => {
    requireJson(req);
    const who = await svc.resolveRespondent(em, cookieOf(req));
    return svc.saveDraft(em, who, parse(ZDraft, req.body));
  }));

  api.add({ method: 'post', path: '/api/respond/submit', summary: 'Final submit, idempotent by submissionId; returns the receipt', tag,
    access: 'respondent', body: ZSubmit }, ...submitLimit, read(ctx, async (req, _res, em) => {
    // one call of the atomic database function marsad_submit (no transaction of its own needed)
    requireJson(req);
    return svc.submit(em, cookieOf(req), parse(ZSubmit, req.body));
  }));
}
