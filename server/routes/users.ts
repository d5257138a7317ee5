// Officer accounts (system administrators: list, create, disable/enable, administrator flag, password-reset mail) and
// programme memberships (programme administrators: add by email, set the role, remove).
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { ZMember, ZMemberAdd, ZRole } from '../../contracts/programmes';
import { addMemberByEmail, inviteUser, listMembers, listUsers, removeMembership, sendPasswordReset, setMembership, updateUser } from '../services/users';

const ZUser = z.object({
  id: z.string(), email: z.string(), name: z.string(), isAdmin: z.boolean(), disabled: z.boolean(),
  preferredLanguage: z.string(), createdAt: z.string(), hasPassword: z.boolean(),
});
const ZCreate = z.strictObject({ email: z.email().max(320), name: z.string().trim().min(1).max(200), isAdmin: z.boolean().optional() });
const ZPatch = z.strictObject({ name: z.string().trim().min(1).max(200).optional(), disabled: z.boolean().optional(), isAdmin: z.boolean().optional() })
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
const ZUserParams = z.object({ userId: z.uuid() });
const ZPid = z.object({ programmeId: z.uuid() });
const ZMemberParams = ZPid.extend({ userId: z.uuid() });
const tag = 'users';
const members = '/api/programmes/:programmeId/members';
const progAdmin = { programme: 'administrator' as const };

export function registerUserRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.route({ method: 'get', path: '/api/users', summary: 'All officer accounts', tag, access: 'admin', response: z.array(ZUser) },
    ({ em }) => listUsers(em));

  api.route({ method: 'post', path: '/api/users', summary: 'Create an account and mail a set-password link (72 h, single use)', tag,
    access: 'admin', body: ZCreate, response: ZUser, status: 201 },
  ({ em, body, userId }) => inviteUser(ctx, em, userId!, body));

  api.route({ method: 'patch', path: '/api/users/:userId', summary: 'Rename, disable/enable or change the administrator flag of an account', tag,
    access: 'admin', params: ZUserParams, body: ZPatch, response: ZUser },
  ({ em, params, body, userId }) => updateUser(em, userId!, params.userId, body));

  api.route({ method: 'post', path: '/api/users/:userId/password-reset', summary: 'Mail the account a password-reset link (1 h, single use)', tag,
    access: 'admin', params: ZUserParams, response: z.object({ sent: z.boolean() }) },
  ({ em, params, userId }) => sendPasswordReset(ctx, em, userId!, params.userId));

  api.route({ method: 'get', path: members, summary: 'Members of the programme and their roles', tag, access: progAdmin, params: ZPid, response: z.array(ZMember) },
    ({ em, params }) => listMembers(em, params.programmeId));

  api.route({ method: 'post', path: members, summary: 'Add a person by email (an unknown address gets an account and a set-password mail)', tag,
    access: progAdmin, params: ZPid, body: ZMemberAdd, response: ZMember, status: 201 },
  ({ em, params, body, userId }) => addMemberByEmail(ctx, em, userId!, params.programmeId, body));

  api.route({ method: 'put', path: `${members}/:userId`, summary: 'Give an account a role in the programme', tag,
    access: progAdmin, params: ZMemberParams, body: z.strictObject({ role: ZRole }), response: ZMember },
  ({ em, params, body, userId }) => setMembership(em, userId!, params.programmeId, params.userId, body.role));

  api.route({ method: 'delete', path: `${members}/:userId`, summary: 'Remove an account from the programme', tag,
    access: progAdmin, params: ZMemberParams, status: 204 },
  async ({ em, params, userId }) => { await removeMembership(em, userId!, params.programmeId, params.userId); return null; });
}
