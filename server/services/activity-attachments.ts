// Attachments of activities (concept notes, reports, lists of participants, photos) stored in PostgreSQL: type checked by
// content (not by the name or the declared type), size-limited, SHA-256 recorded, served back as downloads.
import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError } from '../errors';
import { audit } from './audit';
import { getActivity } from './activities';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpeg: 'image/jpeg',
} as const;

/** The file's real type from its first bytes (and, for Office files, the parts the zip holds); null when not allowed. */
export function sniffAttachmentType(buf: Buffer): { ext: keyof typeof TYPES; contentType: string } | null {
  const starts = (sig: number[]) => sig.every((b, i) => buf[i] === b);
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return { ext: 'pdf', contentType: TYPES.pdf };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ext: 'png', contentType: TYPES.png };
  if (starts([0xff, 0xd8, 0xff])) return { ext: 'jpeg', contentType: TYPES.jpeg };
  if (starts([0x50, 0x4b, 0x03, 0x04])) {
    // zip entry names are stored as plain bytes in the local and central headers
    const names = buf.toString('latin1');
    if (!names.includes('[Content_Types].xml')) return null;
    if (names.includes('word/document.xml')) return { ext: 'docx', contentType: TYPES.docx };
    if (names.includes('xl/workbook.xml')) return { ext: 'xlsx', contentType: TYPES.xlsx };
  }
  return null;
}

/** A file name safe to store and to send back: no folders, no control characters, at most 200 characters. */
export function cleanFileName(name: string, ext: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001F\u007F"]/g, '').trim().slice(0, 200);
  const e = ext === 'jpeg' ? 'jpg' : ext;
  const lower = base.toLowerCase();
  const hasExt = lower.endsWith(`.${e}`) || (ext === 'jpeg' && lower.endsWith('.jpeg'));
  return hasExt ? base : `${base || 'attachment'}.${e}`;
}

export async function addAttachment(em: EntityManager, programmeId: string, activityId: string,
  file: { name: string; kind: string; bytes: Buffer }, userId: string) {
  await getActivity(em, programmeId, activityId);
  if (!file.bytes.length) throw new AppError('request.invalid', { reason: 'the file is empty' });
  if (file.bytes.length > ATTACHMENT_MAX_BYTES) throw new AppError('attachment.too_large', { maxBytes: ATTACHMENT_MAX_BYTES, sizeBytes: file.bytes.length });
  const type = sniffAttachmentType(file.bytes);
  if (!type) throw new AppError('attachment.type_not_allowed', { allowed: Object.keys(TYPES) });
  const sha = crypto.createHash('sha256').update(file.bytes).digest();
  const fileName = cleanFileName(file.name, type.ext);
  const [row]: Array<{ id: string }> = await em.query(
    `INSERT INTO activity_attachments (activity_id, kind, file_name, content_type, size_bytes, sha256, content, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
    [activityId, file.kind, fileName, type.contentType, file.bytes.length, sha, file.bytes, userId]);
  await audit(em, { actorUserId: userId, action: 'activity.attachment_add', programmeId, targetType: 'activity', targetId: activityId,
    details: { attachmentId: row.id, fileName, sha256: sha.toString('hex'), sizeBytes: file.bytes.length } });
  return { id: row.id, fileName, contentType: type.contentType, sizeBytes: file.bytes.length, sha256: sha.toString('hex') };
}

export async function getAttachment(em: EntityManager, programmeId: string, activityId: string, attachmentId: string) {
  const rows: Array<{ file_name: string; content_type: string; content: Buffer; sha256: Buffer }> = await em.query(
    `SELECT t.file_name, t.content_type, t.content, t.sha256 FROM activity_attachments t JOIN activities a ON a.id = t.activity_id
     WHERE t.id = $1 AND t.activity_id = $2 AND a.programme_id = $3`, [attachmentId, activityId, programmeId]);
  if (!rows.length) throw new AppError('resource.not_found', { attachmentId });
  return rows[0];
}

export async function deleteAttachment(em: EntityManager, programmeId: string, activityId: string, attachmentId: string, userId: string) {
  const a = await getAttachment(em, programmeId, activityId, attachmentId);
  await em.query(`DELETE FROM activity_attachments WHERE id = $1`, [attachmentId]);
  await audit(em, { actorUserId: userId, action: 'activity.attachment_delete', programmeId, targetType: 'activity', targetId: activityId,
    details: { attachmentId, fileName: a.file_name, sha256: a.sha256.toString('hex') } });
  return { deleted: true as const };
}
