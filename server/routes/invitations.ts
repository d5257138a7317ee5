// Invitation routes: invite (and mail, or links only), mail again, per-row reminder, the link, "this link leaked",
// list, timeline, decline / bounce / wrong contact, follow-ups, reminder rounds with their preview, and schedules.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import * as inv from '../services/invitations';
import * as tl from '../services/invitation-timeline';
import * as rem from '../services/reminders';
import * as C from '../../contracts/invitations';

const ZWid = z.object({ programmeId: z.uuid(), waveId: z.uuid() });
const ZIid = z.object({ programmeId: z.uuid(), invitationId: z.uuid() });
const ZSid = ZWid.extend({ scheduleId: z.uuid() });
const tag = 'invitations';
const wave = '/api/programmes/:programmeId/waves/:waveId';
const one = '/api/programmes/:programmeId/invitations/:invitationId';
const officer = { programme: 'officer' } as const;
const viewer = { programme: 'viewer' } as const;

export function registerInvitationRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.route({ method: 'post', path: `${wave}/invitations`, summary: 'Invite stakeholders: mode "mail" mails each link, "links_only" only creates them', tag,
    access: officer, params: ZWid, body: C.ZInviteBody, response: C.ZInviteResult, status: 201 },
  ({ em, params, body, userId }) => inv.inviteStakeholders(ctx, em, params.programmeId, params.waveId, body, userId!));

  api.route({ method: 'get', path: `${wave}/invitations`, summary: 'Invitations of the wave with status, last contact and last mail', tag, access: viewer,
    params: ZWid, response: C.ZInvitationList },
  ({ em, params }) => tl.listInvitations(em, params.programmeId, params.waveId));

  api.route({ method: 'post', path: `${wave}/invitations/send`, summary: 'Mail the invitation (same link) to the given invitations, default all not mailed yet', tag,
    access: officer, params: ZWid, body: C.ZSendBody, response: C.ZSendResult },
  ({ em, params, body, userId }) => inv.sendInvitations(ctx, em, params.programmeId, params.waveId, body.invitationIds, userId!));

  api.route({ method: 'post', path: `${one}/remind`, summary: 'Mail the reminder (same link) to one stakeholder', tag, access: officer, params: ZIid,
    response: C.ZRemindOneResult },
  ({ em, params, userId }) => inv.remindInvitation(ctx, em, params.programmeId, params.invitationId, userId!));

  api.route({ method: 'post', path: `${one}/link`, summary: 'The personal link (to pass on by phone or message); audited', tag, access: officer, params: ZIid,
    response: C.ZLinkResult },
  ({ em, params, userId }) => inv.invitationLinkFor(ctx, em, params.programmeId, params.invitationId, userId!));

  api.route({ method: 'post', path: `${one}/reissue`, summary: 'This link leaked: a new link replaces it (the draft moves); optionally mailed', tag,
    access: officer, params: ZIid, body: C.ZReissueBody, response: C.ZReissueResult },
  ({ em, params, body, userId }) => inv.reissue(ctx, em, params.programmeId, params.invitationId, body.send, userId!));

  api.route({ method: 'get', path: `${one}/events`, summary: 'Timeline of the invitation (across re-issued links): events, mails, follow-ups', tag,
    access: viewer, params: ZIid, response: C.ZTimeline },
  ({ em, params }) => tl.invitationTimeline(em, params.programmeId, params.invitationId));

  for (const [action, kind] of [['decline', 'declined'], ['bounce', 'bounced'], ['wrong-contact', 'wrong_contact']] as const) {
    api.route({ method: 'post', path: `${one}/${action}`, summary: `Record the outcome: ${kind.replace('_', ' ')}`, tag, access: officer,
      params: ZIid, body: C.ZNoteBody, response: C.ZOutcomeResult },
    ({ em, params, body, userId }) => tl.markOutcome(em, params.programmeId, params.invitationId, kind, body.note, userId!));
  }

  api.route({ method: 'post', path: `${one}/follow-ups`, summary: 'Log a follow-up contact (channel, outcome, note, date)', tag, access: officer,
    params: ZIid, body: C.ZFollowUpBody, response: C.ZFollowUpResult, status: 201 },
  ({ em, params, body, userId }) => tl.addFollowUp(em, params.programmeId, params.invitationId, body, userId!));

  api.route({ method: 'get', path: `${wave}/reminders/preview`, summary: 'What a reminder round would do now: round, recipients, skipped and why, template EN+AR', tag,
    access: officer, params: ZWid, query: C.ZRemindQuery, response: C.ZReminderPreview },
  ({ em, params, query }) => rem.previewReminders(em, params.programmeId, params.waveId, query.onlyStarted === 'true'));

  api.route({ method: 'post', path: `${wave}/reminders/send`, summary: 'Send a reminder round now (the previewed round: repeats reach nobody twice)', tag,
    access: officer, params: ZWid, body: C.ZRemindBody, response: C.ZRemindResult },
  ({ em, params, body, userId }) => rem.sendRemindersNow(ctx, em, params.programmeId, params.waveId, body, userId!));

  api.route({ method: 'post', path: `${wave}/reminder-schedules`, summary: 'Schedule reminder rounds every N days (run by the job runner)', tag,
    access: officer, params: ZWid, body: C.ZScheduleBody, response: C.ZSchedule, status: 201 },
  ({ em, params, body, userId }) => rem.createSchedule(em, params.programmeId, params.waveId, body, userId!));

  api.route({ method: 'get', path: `${wave}/reminder-schedules`, summary: 'Reminder schedules of the wave (not deleted)', tag, access: viewer,
    params: ZWid, response: z.array(C.ZSchedule) },
  ({ em, params }) => rem.listSchedules(em, params.programmeId, params.waveId));

  api.route({ method: 'get', path: `${wave}/open-link`, summary: 'Whether the wave has an anonymous open link, and how many answers came through open links', tag,
    access: officer, params: ZWid, response: z.object({ hasOpenLink: z.boolean(), responses: z.number().int(), completed: z.number().int() }) },
  ({ em, params }) => rem.openLinkStats(em, params.programmeId, params.waveId));

  for (const action of ['cancel', 'pause', 'resume'] as const) {
    api.route({ method: 'post', path: `${wave}/reminder-schedules/:scheduleId/${action}`, summary: `${action} a reminder schedule (cancel = delete)`, tag,
      access: officer, params: ZSid, response: C.ZSchedule },
    ({ em, params, userId }) => rem.changeSchedule(em, params.programmeId, params.waveId, params.scheduleId, action, userId!));
  }
}
