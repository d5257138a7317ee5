// Officer accounts (system administrators) and programme memberships (programme administrators).
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import { inviteUser, listMembers, listUsers, removeMembership, setMembership, updateUser } from '../services/users';

const ZUser = z.object({
  id: z.string(), email: z.string(), name: z.string(), isAdmin: z.boolean(), disabled: z.boolean(),
  preferredLanguage: z.string(), createdAt: z.string(), hasPassword: z.boolean(),
});
const ZCreate = z.strictObject({ email: z.email().max(320), name: z.string().trim().min(1).max(200), isAdmin: z.boolean().optional() });
const ZPatch = z.strictObject({ name: z.string().trim().min(1).max(200).optional(), disabled: z.boolean().optional(), isAdmin: z.boolean().optional() })
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
const ZUserParams = z.object({ userId: z.uuid() });
const ZMemberParams = z.object({ programmeId: z.uuid(), userId: z.uuid() });
const ZRole = z.strictObject({ role: z.enum(['administrator', 'officer', 'viewer']) });
const ZMember = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: z.string(), disabled: z.boolean() });

export function registerUserRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: '/api/users', summary: 'All officer accounts', tag: 'users', access: 'admin', response: z.array(ZUser) },
    read(ctx, (_req, _res, em) => listUsers(em)));

  api.add({ method: 'post', path: '/api/users', summary: 'Create an account and mail a set-password link (72 h, single use)', tag: 'users',
    access: 'admin', body: ZCreate, response: ZUser, status: 201 },
  write(ctx, (req, _res, em) => inviteUser(ctx, em, req.auth!.user.id, parse(ZCreate, req.body)), 201));

  api.add({ method: 'patch', path: '/api/users/:userId', summary: 'Rename, disable/enable or change the administrator flag of an account', tag: 'users',
    access: 'admin', params: ZUserParams, body: ZPatch, response: ZUser },
  write(ctx, (req, _res, em) => updateUser(em, req.auth!.user.id, parse(ZUserParams, req.params).userId, parse(ZPatch, req.body))));

  api.add({ method: 'get', path: '/api/programmes/:programmeId/members', summary: 'Members of the programme and their roles', tag: 'users',
    access: { programme: 'administrator' }, response: z.array(ZMember) },
  read(ctx, (req, _res, em) => listMembers(em, req.params.programmeId as string)));

  api.add({ method: 'put', path: '/api/programmes/:programmeId/members/:userId', summary: 'Give an account a role in the programme', tag: 'users',
    access: { programme: 'administrator' }, params: ZMemberParams, body: ZRole, response: ZMember },
  write(ctx, (req, _res, em) => {
    const p = parse(ZMemberParams, req.params);
    return setMembership(em, req.auth!.user.id, p.programmeId, p.userId, parse(ZRole, req.body).role);
  }));

  api.add({ method: 'delete', path: '/api/programmes/:programmeId/members/:userId', summary: 'Remove an account from the programme', tag: 'users',
    access: { programme: 'administrator' }, params: ZMemberParams, status: 204 },
  write(ctx, async (req, _res, em) => {
    const p = parse(ZMemberParams, req.params);
    await removeMembership(em, req.auth!.user.id, p.programmeId, p.userId);
    return {};
  }, 204));
}
