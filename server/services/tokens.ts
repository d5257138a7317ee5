// Invitation tokens: 256-bit random secrets sent to stakeholders; looked up by sha256, kept sealed (AES-256-GCM) so the
// same link can be mailed again. Creation, re-issue (only when an officer says the link leaked), link recovery, lookup.
import type { EntityManager } from 'typeorm';
import crypto from 'node:crypto';
import { sha256 } from '../auth/passwords';
import { AppError } from '../errors';
import { returned } from '../db/rows';
import type { AppContext } from '../context';
import { open, seal } from './secret-box';

/** base64url of 32 random bytes */
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** TypeORM answers UPDATE/DELETE … RETURNING with [rows, count]; INSERT … RETURNING with rows. */

export function newToken(): { token: string; hash: Buffer } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, hash: sha256(token) };
}

/** Hash of a token as presented by a client, or undefined when it cannot be one of ours (wrong shape). */
export function hashPresentedToken(token: unknown): Buffer | undefined {
  return typeof token === 'string' && TOKEN_RE.test(token) ? sha256(token) : undefined;
}

export function invitationLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/r/${token}`;
}

export interface NewInvitation { invitationId: string; token: string; link: string }

/**
 * Creates the live invitation of a stakeholder to a wave (status 'invited' + an 'invited' event).
 * The caller checks that wave and stakeholder belong to the same programme. A second live invitation of the
 * same stakeholder to the same wave is refused by the database (resource.conflict).
 */
export async function createInvitation(em: EntityManager,
  opts: { waveId: string; stakeholderId: string; actorUserId?: string | null; baseUrl?: string; ctx?: AppContext }): Promise<NewInvitation> {
  const { token, hash } = newToken();
  const rows = await em.query(
    `INSERT INTO invitations (wave_id, stakeholder_id, token_hash, token_enc) VALUES ($1, $2, $3, $4) RETURNING id`,
    [opts.waveId, opts.stakeholderId, hash, opts.ctx ? seal(opts.ctx, token) : null]);
  const invitationId: string = rows[0].id;
  await em.query(`INSERT INTO invitation_events (invitation_id, kind, actor_user_id) VALUES ($1, 'invited', $2)`,
    [invitationId, opts.actorUserId ?? null]);
  return { invitationId, token, link: invitationLink(opts.baseUrl ?? '', token) };
}

/**
 * Replaces the token of a live invitation: the old row is revoked (its link stops working), a new row with a
 * new token takes its place and gets a 'reissued' event (details.previousInvitationId). A draft response stays
 * attached to the old invitation row and is moved to the new one so the respondent keeps their answers.
 */
export async function reissueInvitation(em: EntityManager, invitationId: string, baseUrl: string,
  actorUserId?: string | null, ctx?: AppContext, reason?: string): Promise<NewInvitation> {
  const old = returned<{ wave_id: string; stakeholder_id: string; status: string }>(await em.query(
    `UPDATE invitations SET revoked_at = now(), updated_at = now() WHERE id = $1 AND revoked_at IS NULL
     RETURNING wave_id, stakeholder_id, status`, [invitationId]));
  if (!old.length) throw new AppError('resource.not_found', { resource: 'invitation' });
  const { token, hash } = newToken();
  const rows = await em.query(
    `INSERT INTO invitations (wave_id, stakeholder_id, token_hash, token_enc, status) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [old[0].wave_id, old[0].stakeholder_id, hash, ctx ? seal(ctx, token) : null, old[0].status]);
  const newId: string = rows[0].id;
  await em.query(`UPDATE responses SET invitation_id = $2 WHERE invitation_id = $1`, [invitationId, newId]);
  await em.query(
    `INSERT INTO invitation_events (invitation_id, kind, actor_user_id, details) VALUES ($1, 'reissued', $2, $3)`,
    [newId, actorUserId ?? null, JSON.stringify({ previousInvitationId: invitationId, ...(reason ? { reason } : {}) })]);
  return { invitationId: newId, token, link: invitationLink(baseUrl, token) };
}

/**
 * The link of a live invitation, recovered from its sealed token; undefined for rows made before tokens were sealed
 * (the caller replaces those). A token sealed under a key this process does not have (another instance's key file, a
 * lost key) is refused rather than reported missing: replacing it would silently end the respondent's link.
 */
export async function linkOfInvitation(ctx: AppContext, em: EntityManager, invitationId: string): Promise<string | undefined> {
  const rows = await em.query(`SELECT token_enc FROM invitations WHERE id = $1 AND revoked_at IS NULL`, [invitationId]);
  if (!rows.length || !rows[0].token_enc) return undefined;
  const token = open(ctx, rows[0].token_enc);
  if (token === undefined) throw new AppError('invitation.key_missing', { invitationId });
  return invitationLink(ctx.baseUrl(), token);
}

/** Whether a presented token belongs to a link an officer replaced (then the respondent is told so, not "not valid"). */
export async function isReplacedToken(em: EntityManager, token: unknown): Promise<boolean> {
  const hash = hashPresentedToken(token);
  if (!hash) return false;
  // the rule lives in the database (marsad_link_replaced), shared with the submit function
  const rows = await em.query(`SELECT marsad_link_replaced($1) AS replaced`, [hash]);
  return rows[0]?.replaced === true;
}

export interface InvitationByToken {
  id: string; waveId: string; stakeholderId: string; programmeId: string; status: string;
  revokedAt: Date | null;
}

/** The invitation a token belongs to (revoked ones included: callers decide), or undefined. */
export async function findInvitationByToken(em: EntityManager, token: string): Promise<InvitationByToken | undefined> {
  const hash = hashPresentedToken(token);
  if (!hash) return undefined;
  const rows = await em.query(
    `SELECT i.id, i.wave_id, i.stakeholder_id, w.programme_id, i.status, i.revoked_at
       FROM invitations i JOIN waves w ON w.id = i.wave_id WHERE i.token_hash = $1`, [hash]);
  if (!rows.length) return undefined;
  const r = rows[0];
  return { id: r.id, waveId: r.wave_id, stakeholderId: r.stakeholder_id, programmeId: r.programme_id, status: r.status, revokedAt: r.revoked_at };
}
