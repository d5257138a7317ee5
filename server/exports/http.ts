// Plumbing for download routes: the audit event in its own short transaction, and attachment headers. (An error
// after the first byte destroys the response in the app's error handler: an aborted transfer, never a truncated file.)
import type { Request, Response } from 'express';
import type { AppContext } from '../context';
import { audit } from '../services/audit';
import type { AuditAction } from '../audit-actions';

/** One audit row per export, committed before streaming starts. */
export async function auditExport(ctx: AppContext, req: Request, action: AuditAction, details: Record<string, unknown>, target?: { type: string; id: string }): Promise<void> {
  await ctx.db.transaction((em) => audit(em, {
    actorUserId: req.auth?.user.id, action, programmeId: req.params.programmeId as string,
    targetType: target?.type ?? 'programme', targetId: target?.id ?? (req.params.programmeId as string), details,
  }));
}

/** Attachment headers; an ASCII fallback name plus the RFC 5987 UTF-8 name. */
export function attachment(res: Response, filename: string, contentType: string): void {
  const ascii = filename.replace(/[^A-Za-z0-9._-]+/g, '_');
  res.status(200);
  res.set({
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
}

export const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 40) || 'export';
