// Invitation, reminder, outbox and follow-up request/response schemas shared by the server routes and the officer app.
import { z } from 'zod';

const ZIso = z.string();
const ZName = z.object({ nameEn: z.string(), nameAr: z.string() });

export const ZInviteBody = z.object({
  stakeholderIds: z.array(z.uuid()).min(1).max(2000),
  /** mail: create the links and mail them; links_only: create the links for phone or messaging, no mail */
  mode: z.enum(['mail', 'links_only']),
});
export const ZMailRef = z.object({ mailId: z.string().nullable(), status: z.string() });
export const ZInviteResult = z.object({
  mode: z.enum(['mail', 'links_only']),
  invitations: z.array(z.object({ invitationId: z.string(), stakeholderId: z.string(), link: z.string(), mail: ZMailRef.nullable() })),
  alreadyInvited: z.array(z.object({ stakeholderId: z.string(), invitationId: z.string(), status: z.string() })),
  mailed: z.number().int(), noEmail: z.number().int(),
});
export type InviteResult = z.infer<typeof ZInviteResult>;

export const ZSendBody = z.object({ invitationIds: z.array(z.uuid()).min(1).max(2000).optional() });
export const ZSendResult = z.object({
  sent: z.number().int(), skipped: z.array(z.object({ invitationId: z.string(), reason: z.string() })),
  mails: z.array(z.object({ invitationId: z.string(), stakeholderId: z.string(), mailId: z.string() })),
});
export const ZRemindOneResult = z.object({ invitationId: z.string(), mailId: z.string(), status: z.literal('queued') });
export const ZReissueBody = z.object({ send: z.boolean().default(false), confirm: z.literal('leaked') });
export const ZReissueResult = z.object({ invitationId: z.string(), previousInvitationId: z.string(), stakeholderId: z.string(), link: z.string(), mail: ZMailRef.nullable() });
export const ZLinkResult = z.object({ invitationId: z.string(), link: z.string() });

export const OUTCOMES = ['declined', 'bounced', 'wrong_contact'] as const;
export const ZNoteBody = z.object({ note: z.string().trim().max(4000).optional() });
export const ZOutcomeResult = z.object({ invitationId: z.string(), status: z.enum(OUTCOMES) });
export const CHANNELS = ['call', 'email', 'meeting', 'sms', 'note', 'other'] as const;
export const FOLLOW_UP_OUTCOMES = ['reached', 'no_answer', 'will_answer', 'refused', 'wrong_contact', 'other'] as const;
export const ZFollowUpBody = z.object({
  channel: z.enum(CHANNELS), outcome: z.enum(FOLLOW_UP_OUTCOMES).optional(),
  note: z.string().trim().min(1).max(4000), occurredAt: z.coerce.date().optional(),
});
export const ZFollowUpResult = z.object({ id: z.number(), invitationId: z.string(), kind: z.literal('follow_up'), channel: z.string(),
  outcome: z.string().nullable(), note: z.string(), occurredAt: ZIso });

export const ZInvitationListItem = z.object({
  invitationId: z.string(), status: z.string(), createdAt: ZIso, updatedAt: ZIso, remindersSent: z.number().int(),
  lastContact: z.object({ kind: z.string(), at: z.string(), channel: z.string().nullable() }).nullable(), lastMailStatus: z.string().nullable(),
  hasEmail: z.boolean(), stakeholder: ZName.extend({ id: z.string(), institution: z.string() }),
});
export type InvitationListItem = z.infer<typeof ZInvitationListItem>;
export const ZInvitationList = z.array(ZInvitationListItem);

export const ZTimeline = z.object({
  invitationId: z.string(), status: z.string(), revoked: z.boolean(),
  stakeholder: ZName.extend({ id: z.string(), institution: z.string(), email: z.string().nullable() }),
  events: z.array(z.object({ id: z.number(), invitationId: z.string(), kind: z.string(), channel: z.string().nullable(), outcome: z.string().nullable(),
    reminderRound: z.number().nullable(), note: z.string().nullable(), actorUserId: z.string().nullable(), actorName: z.string().nullable(),
    details: z.record(z.string(), z.unknown()), occurredAt: ZIso })),
  mails: z.array(z.object({ id: z.string(), invitationId: z.string(), kind: z.string(), status: z.string(), error: z.string().nullable(), createdAt: ZIso, sentAt: ZIso.nullable() })),
});
export type Timeline = z.infer<typeof ZTimeline>;

export const SKIP_REASONS = ['completed', 'declined', 'bounced', 'wrong_contact', 'not_mailed', 'not_started', 'no_email', 'already_reminded'] as const;
const ZSkipped = z.array(z.object({ reason: z.enum(SKIP_REASONS), count: z.number().int(), people: z.array(ZName) }));
const ZTemplateText = z.object({ subject: z.string(), text: z.string() });
export const ZRemindQuery = z.object({ onlyStarted: z.enum(['true', 'false']).default('false') });
export const ZReminderPreview = z.object({ round: z.number().int(), recipients: z.number().int(), skipped: ZSkipped, closed: z.boolean(),
  template: z.object({ en: ZTemplateText, ar: ZTemplateText }) });
export type ReminderPreview = z.infer<typeof ZReminderPreview>;
export const ZRemindBody = z.object({ onlyStarted: z.boolean().default(false), round: z.number().int().min(1).optional() });
export const ZRemindResult = z.object({ round: z.number().int(), sent: z.number().int(), skipped: ZSkipped });
export type RemindResult = z.infer<typeof ZRemindResult>;

export const ZScheduleBody = z.object({ everyDays: z.number().int().min(1).max(365), maxRounds: z.number().int().min(1).max(50),
  onlyStarted: z.boolean().default(false), firstRunAt: z.coerce.date().optional() });
export const ZSchedule = z.object({ id: z.string(), waveId: z.string(), everyDays: z.number(), maxRounds: z.number(), onlyStarted: z.boolean(),
  roundsSent: z.number(), nextRunAt: ZIso, cancelledAt: ZIso.nullable(), pausedAt: ZIso.nullable(), createdAt: ZIso });
export type Schedule = z.infer<typeof ZSchedule>;

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'bounced', 'outbox'] as const;
export const ZOutboxQuery = z.object({
  status: z.enum(MAIL_STATUSES).optional(),
  kind: z.enum(['invitation', 'reminder', 'set_password', 'reset_password', 'other']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const ZOutboxItem = z.object({ id: z.string(), invitationId: z.string().nullable(), kind: z.string(), to: z.string(), subject: z.string(),
  text: z.string(), status: z.enum(MAIL_STATUSES), error: z.string().nullable(), attempts: z.number().int(), createdAt: ZIso, sentAt: ZIso.nullable(),
  stakeholder: ZName.nullable() });
export type OutboxItem = z.infer<typeof ZOutboxItem>;
export const ZOutbox = z.object({ total: z.number().int(), counts: z.record(z.string(), z.number().int()), items: z.array(ZOutboxItem) });
export const ZResendResult = z.object({ id: z.string(), status: z.literal('queued') });
export const ZTemplateQuery = z.object({ kind: z.enum(['invitation', 'reminder']) });
export const ZTemplatePreview = z.object({ kind: z.string(), en: ZTemplateText, ar: ZTemplateText });
