// Invitation routes: bulk invite to a wave, send, re-issue, list, timeline, decline/bounce/follow-up, reminders and schedules.
import { z } from 'zod';
import type { Request } from 'express';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import * as inv from '../services/invitations';
import * as rem from '../services/reminders';

const ZWid = z.object({ programmeId: z.uuid(), waveId: z.uuid() });
const ZIid = z.object({ programmeId: z.uuid(), invitationId: z.uuid() });
const ZSid = ZWid.extend({ scheduleId: z.uuid() });
const ZInvite = z.object({ stakeholderIds: z.array(z.uuid()).min(1).max(2000), send: z.boolean().default(false) });
const ZSend = z.object({ invitationIds: z.array(z.uuid()).min(1).max(2000).optional() });
const ZReissue = z.object({ send: z.boolean().default(false) });
const ZNote = z.object({ note: z.string().trim().max(4000).optional() });
const ZFollowUp = z.object({ channel: z.enum(['call', 'email', 'meeting', 'note']), note: z.string().trim().min(1).max(4000), occurredAt: z.coerce.date().optional() });
const ZRemind = z.object({ onlyStarted: z.boolean().default(false) });
const ZSchedule = z.object({ everyDays: z.number().int().min(1).max(365), maxRounds: z.number().int().min(1).max(50), onlyStarted: z.boolean().default(false), firstRunAt: z.coerce.date().optional() });
const tag = 'invitations';
const wave = '/api/programmes/:programmeId/waves/:waveId';
const one = '/api/programmes/:programmeId/invitations/:invitationId';
const officer = { programme: 'officer' } as const;
const viewer = { programme: 'viewer' } as const;
const uid = (req: Request) => req.auth!.user.id;

export function registerInvitationRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'post', path: `${wave}/invitations`, summary: 'Invite stakeholders (links are shown once; already invited ones are reported)', tag,
    access: officer, params: ZWid, body: ZInvite, status: 201 },
  write(ctx, async (req, _res, em) => {
    const p = parse(ZWid, req.params);
    return inv.inviteStakeholders(ctx, em, p.programmeId, p.waveId, parse(ZInvite, req.body), uid(req));
  }, 201));

  api.add({ method: 'get', path: `${wave}/invitations`, summary: 'Invitations of the wave with status and last contact', tag, access: viewer, params: ZWid },
    read(ctx, async (req, _res, em) => { const p = parse(ZWid, req.params); return inv.listInvitations(em, p.programmeId, p.waveId); }));

  api.add({ method: 'post', path: `${wave}/invitations/send`, summary: 'Mail invitations (default: all not yet sent); each link is re-issued', tag,
    access: officer, params: ZWid, body: ZSend },
  write(ctx, async (req, _res, em) => {
    const p = parse(ZWid, req.params);
    return inv.sendInvitations(ctx, em, p.programmeId, p.waveId, parse(ZSend, req.body ?? {}).invitationIds, uid(req));
  }));

  api.add({ method: 'post', path: `${one}/reissue`, summary: 'Re-issue the link (the old one stops working); optionally mail it', tag, access: officer, params: ZIid, body: ZReissue },
    write(ctx, async (req, _res, em) => {
      const p = parse(ZIid, req.params);
      return inv.reissue(ctx, em, p.programmeId, p.invitationId, parse(ZReissue, req.body ?? {}).send, uid(req));
    }));

  api.add({ method: 'get', path: `${one}/events`, summary: 'Timeline of the invitation (across re-issued links) and its mails', tag, access: viewer, params: ZIid },
    read(ctx, async (req, _res, em) => { const p = parse(ZIid, req.params); return inv.invitationTimeline(em, p.programmeId, p.invitationId); }));

  for (const [action, kind] of [['decline', 'declined'], ['bounce', 'bounced']] as const) {
    api.add({ method: 'post', path: `${one}/${action}`, summary: `Record that the stakeholder ${kind === 'declined' ? 'declined' : 'mail bounced'}`, tag,
      access: officer, params: ZIid, body: ZNote },
    write(ctx, async (req, _res, em) => {
      const p = parse(ZIid, req.params);
      return inv.markOutcome(em, p.programmeId, p.invitationId, kind, parse(ZNote, req.body ?? {}).note, uid(req));
    }));
  }

  api.add({ method: 'post', path: `${one}/follow-ups`, summary: 'Log a follow-up contact (call, email, meeting, note)', tag, access: officer, params: ZIid, body: ZFollowUp, status: 201 },
    write(ctx, async (req, _res, em) => {
      const p = parse(ZIid, req.params);
      return inv.addFollowUp(em, p.programmeId, p.invitationId, parse(ZFollowUp, req.body), uid(req));
    }, 201));

  api.add({ method: 'post', path: `${wave}/reminders/send`, summary: 'Send the next reminder round to non-respondents now', tag, access: officer, params: ZWid, body: ZRemind },
    write(ctx, async (req, _res, em) => {
      const p = parse(ZWid, req.params);
      return rem.sendRemindersNow(ctx, em, p.programmeId, p.waveId, parse(ZRemind, req.body ?? {}).onlyStarted, uid(req));
    }));

  api.add({ method: 'post', path: `${wave}/reminder-schedules`, summary: 'Schedule reminder rounds every N days (run by the job runner)', tag,
    access: officer, params: ZWid, body: ZSchedule, status: 201 },
  write(ctx, async (req, _res, em) => {
    const p = parse(ZWid, req.params);
    return rem.createSchedule(em, p.programmeId, p.waveId, parse(ZSchedule, req.body), uid(req));
  }, 201));

  api.add({ method: 'get', path: `${wave}/reminder-schedules`, summary: 'Reminder schedules of the wave', tag, access: viewer, params: ZWid },
    read(ctx, async (req, _res, em) => { const p = parse(ZWid, req.params); return rem.listSchedules(em, p.programmeId, p.waveId); }));

  api.add({ method: 'post', path: `${wave}/reminder-schedules/:scheduleId/cancel`, summary: 'Cancel a reminder schedule', tag, access: officer, params: ZSid },
    write(ctx, async (req, _res, em) => {
      const p = parse(ZSid, req.params);
      return rem.cancelSchedule(em, p.programmeId, p.waveId, p.scheduleId, uid(req));
    }));
}
