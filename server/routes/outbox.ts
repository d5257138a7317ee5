// Outbox routes: the programme's mail messages (queued, sending, sent, failed, bounced, or waiting without SMTP), resend, template preview.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { listOutbox, templatePreview } from '../services/outbox';
import { resendMessage } from '../services/mail';
import * as C from '../../contracts/invitations';

const ZPid = z.object({ programmeId: z.uuid() });
const tag = 'mail';
const officer = { programme: 'officer' } as const; // officers only: bodies hold live invitation links

export function registerOutboxRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.route({ method: 'get', path: '/api/programmes/:programmeId/outbox', summary: 'Mail messages of the programme, newest first, with counts by status', tag,
    access: officer, params: ZPid, query: C.ZOutboxQuery, response: C.ZOutbox },
  ({ em, params, query }) => listOutbox(em, params.programmeId, query));

  api.route({ method: 'post', path: '/api/programmes/:programmeId/outbox/:messageId/resend', summary: 'Send a failed, bounced or unsent message again (same message)', tag,
    access: officer, params: ZPid.extend({ messageId: z.uuid() }), response: C.ZResendResult },
  ({ em, params, userId }) => resendMessage(ctx, em, params.programmeId, params.messageId, userId!));

  api.route({ method: 'get', path: '/api/programmes/:programmeId/mail-templates/:kind', summary: 'Preview a template in English and Arabic (latest wave unless waveId)', tag,
    access: officer, params: ZPid.extend({ kind: z.enum(['invitation', 'reminder']) }), query: z.object({ waveId: z.uuid().optional() }), response: C.ZTemplatePreview },
  ({ em, params, query }) => templatePreview(em, params.programmeId, query.waveId, params.kind));
}
