// Request/response schemas of the system administrators' outbox of account mails (set-password and reset links).
import { z } from 'zod';

export const ZAdminOutboxQuery = z.object({
  status: z.enum(['queued', 'sent', 'failed', 'outbox']).optional(),
  kind: z.enum(['set_password', 'reset_password', 'other']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export const ZAdminOutboxItem = z.object({
  id: z.uuid(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z.enum(['queued', 'sent', 'failed', 'outbox']),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
});

export const ZAdminOutbox = z.object({ total: z.number().int(), items: z.array(ZAdminOutboxItem) });
export type TAdminOutbox = z.infer<typeof ZAdminOutbox>;
