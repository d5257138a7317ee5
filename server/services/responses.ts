// The respondent side: who the respondent cookie identifies (invitation or anonymous open-link respondent), the
// session they resume, autosaved drafts (monotonic seq) and the idempotent final submit with its receipt.
import type { EntityManager } from 'typeorm';
import crypto from 'node:crypto';
import { AppError } from '../errors';
import { preparedRows } from '../db/prepared';
import { hashPresentedToken, isReplacedToken, newToken } from './tokens';
import { assertWaveOpen, WAVE_IS_OPEN_SQL } from './waves';
import { getValidator } from '../../surveys/validator';
import type { TDefinition } from '../../surveys/definition';

export const RESPONDENT_COOKIE = 'marsad_resp';

/** TypeORM answers UPDATE/DELETE … RETURNING with [rows, count]; INSERT … RETURNING with rows. */
const returned = <T>(r: unknown): T[] => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : r) as T[];
export type Lang = 'en' | 'ar';

/** Who is answering: an invitation (cookie = its token) or an anonymous open-link respondent (cookie = o.<link token>.<own token>). */
export interface Respondent {
  kind: 'invitation' | 'open';
  invitationId?: string;
  stakeholderId?: string;
  preferredLanguage?: Lang;
  /** sha256 of the anonymous respondent's own token */
  respondentHash?: Buffer;
  wave: { id: string; programmeId: string; versionId: string; nameEn: string; nameAr: string; opensAt: Date; closesAt: Date; closedAt: Date | null; isOpen: boolean };
}

const WAVE_COLS = `w.id AS wave_id, w.programme_id, w.questionnaire_version_id, w.name_en, w.name_ar, w.opens_at, w.closes_at, w.closed_at,
  ${WAVE_IS_OPEN_SQL} AS is_open`;
interface WaveRow {
  wave_id: string; programme_id: string; questionnaire_version_id: string; name_en: string; name_ar: string;
  opens_at: Date; closes_at: Date; closed_at: Date | null; is_open: boolean;
}
/** The respondent's response row as findResponse reads it. */
interface ResponseRow {
  id: string; status: 'draft' | 'complete'; language: Lang; answers: Record<string, unknown>; current_page: number; autosave_seq: number;
  client_submission_id: string | null; submission_hash: string | null; receipt_code: string | null; submitted_at: Date | null;
}
const toWave = (r: WaveRow): Respondent['wave'] => ({ id: r.wave_id, programmeId: r.programme_id, versionId: r.questionnaire_version_id,
  nameEn: r.name_en, nameAr: r.name_ar, opensAt: r.opens_at, closesAt: r.closes_at, closedAt: r.closed_at, isOpen: r.is_open });
const notFound = () => new AppError('invitation.not_found');

/** Cookie value for a new anonymous respondent of an open link. */
export function newOpenCookie(openToken: string): string {
  return `o.${openToken}.${newToken().token}`;
}

/**
 * Resolves the respondent cookie; anything unknown or revoked is 'invitation.not_found' (404), all alike.
 */
export async function resolveRespondent(em: EntityManager, cookie: unknown): Promise<Respondent> {
  if (typeof cookie !== 'string' || cookie.length > 200) throw notFound();
  if (!cookie.startsWith('o.')) {
    const hash = hashPresentedToken(cookie);
    if (!hash) throw notFound();
    const rows = await em.query(
      `SELECT i.id, i.stakeholder_id, s.preferred_language, ${WAVE_COLS}
         FROM invitations i JOIN waves w ON w.id = i.wave_id JOIN stakeholders s ON s.id = i.stakeholder_id
        WHERE i.token_hash = $1 AND i.revoked_at IS NULL`, [hash]);
    // h14: a page still open on a link an officer replaced is told so (it keeps its answers; the new link continues)
    if (!rows.length) throw (await isReplacedToken(em, cookie)) ? new AppError('respondent.link_replaced') : notFound();
    const r = rows[0];
    hintVersion(hash, r.questionnaire_version_id);
    return { kind: 'invitation', invitationId: r.id, stakeholderId: r.stakeholder_id, preferredLanguage: r.preferred_language, wave: toWave(r) };
  }
  const [, linkToken, ownToken] = cookie.split('.');
  const own = hashPresentedToken(ownToken);
  if (!own) throw notFound();
  // A started response keeps working even when the officer replaces the open link.
  const started = await em.query(
    `SELECT ${WAVE_COLS} FROM responses r JOIN waves w ON w.id = r.wave_id WHERE r.respondent_token_hash = $1`, [own]);
  const link = hashPresentedToken(linkToken);
  if (started.length) {
    if (link) hintVersion(link, started[0].questionnaire_version_id);
    return { kind: 'open', respondentHash: own, wave: toWave(started[0]) };
  }
  if (!link) throw notFound();
  const rows = await em.query(`SELECT ${WAVE_COLS} FROM waves w WHERE w.open_link_token_hash = $1`, [link]);
  if (!rows.length) throw notFound();
  hintVersion(link, rows[0].questionnaire_version_id);
  return { kind: 'open', respondentHash: own, wave: toWave(rows[0]) };
}

/** WHERE clause (alias r) and parameter selecting the respondent's response row. */
function responseKey(who: Respondent): [string, unknown] {
  return who.kind === 'invitation' ? ['r.invitation_id = $1', who.invitationId] : ['r.respondent_token_hash = $1', who.respondentHash];
}

async function findResponse(em: EntityManager, who: Respondent) {
  const [where, param] = responseKey(who);
  const rows = await em.query(
    `SELECT r.id, r.status, r.language, r.answers, r.current_page, r.autosave_seq, r.client_submission_id, r.submission_hash,
            r.receipt_code, r.submitted_at
       FROM responses r WHERE ${where}`, [param]);
  return rows[0] as ResponseRow | undefined;
}

/** GET /r/:token: true when the link may be used now (exists, live, wave open, not completed); records 'opened'. */
export async function openInvitationLink(em: EntityManager, token: string): Promise<boolean> {
  const hash = hashPresentedToken(token);
  if (!hash) return false;
  const rows = await em.query(
    `SELECT i.id, i.status, ${WAVE_IS_OPEN_SQL} AS is_open,
            EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id AND r.status = 'complete') AS complete
       FROM invitations i JOIN waves w ON w.id = i.wave_id
      WHERE i.token_hash = $1 AND i.revoked_at IS NULL FOR UPDATE OF i`, [hash]);
  const r = rows[0];
  if (!r || !r.is_open || r.complete || r.status === 'completed') return false;
  await em.query(`INSERT INTO invitation_events (invitation_id, kind) VALUES ($1, 'opened')`, [r.id]);
  await em.query(`UPDATE invitations SET status = 'opened', updated_at = now() WHERE id = $1 AND status IN ('invited', 'sent')`, [r.id]);
  return true;
}

/** GET /o/:token: true when the open link belongs to a wave that is open now. */
export async function openLinkUsable(em: EntityManager, token: string): Promise<boolean> {
  const hash = hashPresentedToken(token);
  if (!hash) return false;
  const rows = await em.query(`SELECT ${WAVE_IS_OPEN_SQL} AS is_open FROM waves w WHERE w.open_link_token_hash = $1`, [hash]);
  return rows.length === 1 && rows[0].is_open === true;
}

/** Whether an anonymous cookie already holds a completed response (then /o/ hands out a fresh one). */
export async function openCookieIsComplete(em: EntityManager, cookie: string): Promise<boolean> {
  const own = hashPresentedToken(cookie.split('.')[2]);
  if (!own) return true;
  const rows = await em.query(`SELECT status FROM responses WHERE respondent_token_hash = $1`, [own]);
  return rows[0]?.status === 'complete';
}

export async function getSession(em: EntityManager, who: Respondent, fallbackLanguage: Lang) {
  const v = await em.query(`SELECT definition FROM questionnaire_versions WHERE id = $1`, [who.wave.versionId]);
  const r = await findResponse(em, who);
  const complete = r?.status === 'complete';
  return {
    definition: v[0].definition as TDefinition,
    language: (r?.language ?? who.preferredLanguage ?? fallbackLanguage) as Lang,
    answers: r && !complete ? r.answers : {},
    currentPage: r && !complete ? r.current_page as number : 0,
    status: (r ? r.status : 'new') as 'new' | 'draft' | 'complete',
    seq: (r?.autosave_seq ?? 0) as number,
    wave: { nameEn: who.wave.nameEn, nameAr: who.wave.nameAr, closesAt: who.wave.closesAt, isOpen: who.wave.isOpen },
    ...(complete ? { receiptCode: r.receipt_code as string, submittedAt: r.submitted_at as Date } : {}),
  };
}

/** Published versions never change (a database trigger guarantees it), so their definitions are cached by id. */
const definitions = new Map<string, unknown>();
async function versionDefinition(em: EntityManager, versionId: string): Promise<unknown> {
  let def = definitions.get(versionId);
  if (def === undefined) {
    const v = await em.query(`SELECT definition FROM questionnaire_versions WHERE id = $1`, [versionId]);
    def = v[0].definition;
    if (definitions.size > 500) definitions.clear();
    definitions.set(versionId, def);
  }
  return def;
}

async function validate(who: Respondent, answers: Record<string, unknown>, mode: 'final' | 'partial', em: EntityManager) {
  const result = getValidator(who.wave.versionId, (await versionDefinition(em, who.wave.versionId)) as Parameters<typeof getValidator>[1]).validate(answers, { mode });
  if (!result.ok) throw new AppError('answers.invalid', { errors: result.errors });
  return result.answers as Record<string, unknown>;
}

/** Creates the draft row if there is none (concurrent creators: one insert wins, the others do nothing). */
async function insertDraft(em: EntityManager, who: Respondent, d: { language: Lang; answers: unknown; currentPage: number; seq: number }) {
  const conflict = who.kind === 'invitation' ? '(invitation_id) WHERE invitation_id IS NOT NULL' : '(respondent_token_hash) WHERE respondent_token_hash IS NOT NULL';
  const rows = await em.query(
    `INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, invitation_id, stakeholder_id, respondent_token_hash,
                            language, answers, current_page, autosave_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT ${conflict} DO NOTHING RETURNING id`,
    [who.wave.programmeId, who.wave.id, who.wave.versionId, who.invitationId ?? null, who.stakeholderId ?? null,
      who.respondentHash ?? null, d.language, JSON.stringify(d.answers), d.currentPage, d.seq]);
  if (rows.length && who.invitationId) {
    await em.query(`UPDATE invitations SET status = 'started', updated_at = now() WHERE id = $1 AND status IN ('invited', 'sent', 'opened')`, [who.invitationId]);
    await em.query(`INSERT INTO invitation_events (invitation_id, kind) VALUES ($1, 'started')`, [who.invitationId]);
  }
  return rows.length > 0;
}

export interface DraftInput { seq: number; currentPage: number; language: Lang; answers: Record<string, unknown> }

/** Autosave: partial validation; a save whose seq is not above the stored one is refused (stale), atomically. */
export async function saveDraft(em: EntityManager, who: Respondent, d: DraftInput) {
  assertWaveOpen(who.wave);
  const answers = await validate(who, d.answers, 'partial', em);
  if (await insertDraft(em, who, { ...d, answers })) return { status: 'draft' as const, seq: d.seq };
  const [where, param] = responseKey(who);
  const rows = returned(await em.query(
    `UPDATE responses r SET answers = $2, current_page = $3, language = $4, autosave_seq = $5, updated_at = now()
      WHERE ${where} AND r.status = 'draft' AND r.autosave_seq < $5 RETURNING r.id`,
    [param, JSON.stringify(answers), d.currentPage, d.language, d.seq]));
  if (rows.length) return { status: 'draft' as const, seq: d.seq };
  const cur = await findResponse(em, who);
  if (cur?.status === 'complete') throw new AppError('response.already_complete');
  throw new AppError('response.stale_autosave', { storedSeq: cur?.autosave_seq ?? 0 });
}

/** JSON with object keys sorted at every level, so equal payloads hash equally whatever the key order. */
export function canonicalJson(v: unknown): string {
  // loops instead of map/join: the same text (it is hashed and compared with stored hashes), fewer temporary arrays
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + canonicalJson(v[i]);
    return out + ']';
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    let out = '{', first = true;
    for (const k of Object.keys(o).sort()) {
      if (o[k] === undefined) continue;
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(o[k]);
      first = false;
    }
    return out + '}';
  }
  return JSON.stringify(v) ?? 'null';
}

/** Crockford's base32: no I, L, O, U. */
const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 8 characters of base32 (40 random bits). */
export function receiptCode(): string {
  // 40 uniform bits (exact in a double); randomInt draws from a pooled buffer, randomBytes(5) costs a CSPRNG call per submit
  let n = crypto.randomInt(2 ** 40);
  let out = '';
  for (let i = 0; i < 8; i++) { out = RECEIPT_ALPHABET[n % 32] + out; n = Math.floor(n / 32); }
  return out;
}

export interface SubmitInput { submissionId: string; answers: Record<string, unknown>; language: Lang }

/** Token hash (invitation, or an open link's) → the questionnaire version its wave asks: a hint, re-checked by the database. */
const VERSION_HINTS_MAX = 5000;
const versionHints = new Map<string, string>();
let lastVersion: string | undefined;
function hintVersion(key: Buffer | string, versionId: string): void {
  const k = typeof key === 'string' ? key : key.toString('hex');
  versionHints.delete(k);
  versionHints.set(k, versionId);
  if (versionHints.size > VERSION_HINTS_MAX) versionHints.delete(versionHints.keys().next().value as string);
  lastVersion = versionId;
}

/** What the submit function needs from the respondent cookie: the token hash and, for an open link, the link's hash. */
function submitKey(cookie: unknown): { token: Buffer; link: Buffer | null } {
  if (typeof cookie !== 'string' || cookie.length > 200) throw notFound();
  if (!cookie.startsWith('o.')) {
    const token = hashPresentedToken(cookie);
    if (!token) throw notFound();
    return { token, link: null };
  }
  const [, linkToken, ownToken] = cookie.split('.');
  const token = hashPresentedToken(ownToken);
  const link = hashPresentedToken(linkToken);
  if (!token || !link) throw notFound();
  return { token, link };
}

const ERROR_OUTCOMES = {
  not_found: 'invitation.not_found', link_replaced: 'respondent.link_replaced',
  already_complete: 'response.already_complete', submission_conflict: 'response.submission_conflict',
} as const;
interface SubmitRow {
  outcome: keyof typeof ERROR_OUTCOMES | 'complete' | 'duplicate' | 'wave_closed' | 'version' | 'invalid';
  receipt: string | null; at: Date | null; version: string | null; opens_at: Date | null; closes_at: Date | null; closed: boolean | null;
}

/**
 * Final submit, idempotent by the client's submission id (scoped to the respondent). Every rule lives in the database
 * function marsad_submit (migration 1764420000001: not found / replaced link, duplicate → same receipt, conflict,
 * already complete, wave closed, the write itself); here only the cookie is parsed, the payload hashed and the answers
 * validated against the questionnaire version the token is known (or guessed) to ask, then ONE call. When the function
 * says the version was not the wave's, the answers are validated again with the right one and the call repeated; invalid
 * answers are sent as NULL, so the stored state (a completed submission's receipt, a conflict, a closed wave) still wins.
 */
export async function submit(em: EntityManager, cookie: unknown, s: SubmitInput) {
  const key = submitKey(cookie);
  const hash = crypto.hash('sha256', canonicalJson({ answers: s.answers, language: s.language }), 'hex');
  const hintKey = (key.link ?? key.token).toString('hex');
  let version = versionHints.get(hintKey) ?? lastVersion;
  for (let attempt = 0; ; attempt++) {
    const checked = version ? getValidator(version, (await versionDefinition(em, version)) as Parameters<typeof getValidator>[1])
      .validate(s.answers, { mode: 'final' }) : undefined;
    // a prepared statement: planning the call each time cost ≈ 15 % of the submit's PostgreSQL CPU (bench/submit-parts.ts)
    const [row] = await preparedRows<SubmitRow>(em, 'marsad_submit', `SELECT * FROM marsad_submit($1, $2, $3, $4, $5, $6, $7, $8)`,
      [key.token, key.link, version ?? null, s.submissionId, hash, checked?.ok ? JSON.stringify(checked.answers) : null, s.language, receiptCode()]);
    switch (row.outcome) {
      case 'complete': case 'duplicate':
        if (row.version) hintVersion(hintKey, row.version);
        return { status: 'complete' as const, receiptCode: row.receipt as string, submittedAt: row.at as Date };
      case 'version':
        if (attempt > 1 || !row.version) throw new AppError('server.internal');
        version = row.version;
        continue;
      case 'invalid':
        throw new AppError('answers.invalid', { errors: checked && !checked.ok ? checked.errors : {} });
      case 'wave_closed':
        throw new AppError('wave.not_open', { opensAt: row.opens_at, closesAt: row.closes_at, closed: row.closed === true });
      default:
        throw new AppError(ERROR_OUTCOMES[row.outcome] ?? 'server.internal');
    }
  }
}
