// Response rates of a wave: totals, a breakdown by a stakeholder field or attribute, daily completions with the
// cumulative count, reminder rounds, and the non-respondents with their last contact.
//
// Definitions (also in README):
//   invited   = live invitations of the wave (not revoked; a re-issued link counts once, as its live row)
//   opened    = invited and ever opened: status opened/started/completed, an 'opened' event on any of the
//               stakeholder's rows for the wave, or a response (a declined person who had opened counts)
//   started   = has a response, draft or complete, not excluded by an officer
//   completed = has a complete response, not excluded
//   declined / bounced = current status declined / bounced
//   rate      = completed / invited (null when nobody is invited); label "14 / 24 = 58.3%"
// Dates are UTC calendar days.
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { loadWave, LAST_CONTACT_SQL } from './invitations';
import { ATTRIBUTE_KEY_RE } from './stakeholders';

export const RATE_DEFINITIONS = {
  invited: 'live (non-revoked) invitations of the wave',
  opened: 'ever opened (or further): opened, started or completed, or an opened event',
  started: 'has a response, draft or complete',
  completed: 'has a complete response',
  rate: 'completed / invited',
};

const GROUPS = { institution: `s.institution`, sex: `coalesce(s.sex, 'unknown')`, language: `s.preferred_language` } as const;
export const ZRatesQuery = z.object({
  by: z.string().refine((v) => v in GROUPS || ATTRIBUTE_KEY_RE.test(v), 'institution, sex, language or an attribute name').default('institution'),
});

interface Counts { invited: number; opened: number; started: number; completed: number; declined: number; bounced: number }
const zero = (): Counts => ({ invited: 0, opened: 0, started: 0, completed: 0, declined: 0, bounced: 0 });

export function rateOf(c: Counts) {
  const rate = c.invited ? c.completed / c.invited : null;
  return { rate, rateLabel: `${c.completed} / ${c.invited} = ${rate === null ? '–' : `${(rate * 100).toFixed(1)}%`}` };
}

export async function responseRates(em: EntityManager, programmeId: string, waveId: string, by: string) {
  await loadWave(em, programmeId, waveId);
  const groupSql = GROUPS[by as keyof typeof GROUPS] ?? `coalesce(s.attributes->>$3, '(none)')`;
  const params: unknown[] = [waveId, programmeId];
  if (!(by in GROUPS)) params.push(by);
  const rows = await em.query(
    `SELECT i.id, i.status, s.id AS sid, s.name_en, s.name_ar, s.institution, inst.name_en AS inst_en, inst.name_ar AS inst_ar, ${groupSql} AS grp,
            r.status AS response_status, ${LAST_CONTACT_SQL} AS last_contact,
            (i.status IN ('opened','started','completed') OR r.id IS NOT NULL OR EXISTS (
               SELECT 1 FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id
                WHERE c.wave_id = i.wave_id AND c.stakeholder_id = i.stakeholder_id AND e.kind = 'opened')) AS opened
       FROM invitations i JOIN waves w ON w.id = i.wave_id JOIN stakeholders s ON s.id = i.stakeholder_id
       LEFT JOIN institutions inst ON inst.programme_id = w.programme_id AND inst.code = s.institution
       LEFT JOIN responses r ON r.invitation_id = i.id AND r.excluded_at IS NULL
      WHERE i.wave_id = $1 AND w.programme_id = $2 AND i.revoked_at IS NULL
      ORDER BY s.institution, s.name_en, i.id`, params);
  const total = zero();
  const groups = new Map<string, Counts>();
  // institutions are shown by their registry names (the code when the registry does not know it)
  const labels = new Map<string, { labelEn: string; labelAr: string }>();
  const nonRespondents = [];
  for (const r of rows) {
    if (!labels.has(r.grp)) {
      labels.set(r.grp, by === 'institution' ? { labelEn: r.inst_en ?? r.grp, labelAr: r.inst_ar || r.inst_en || r.grp } : { labelEn: r.grp, labelAr: r.grp });
    }
    const g = groups.get(r.grp) ?? zero();
    groups.set(r.grp, g);
    for (const c of [total, g]) {
      c.invited++;
      if (r.opened) c.opened++;
      if (r.response_status) c.started++;
      if (r.response_status === 'complete') c.completed++;
      if (r.status === 'declined') c.declined++;
      if (r.status === 'bounced') c.bounced++;
    }
    if (r.response_status !== 'complete') {
      nonRespondents.push({ invitationId: r.id, status: r.status, lastContact: r.last_contact,
        stakeholder: { id: r.sid, nameEn: r.name_en, nameAr: r.name_ar, institution: r.institution,
          institutionNameEn: r.inst_en ?? r.institution, institutionNameAr: r.inst_ar || r.inst_en || r.institution } });
    }
  }
  const daily = await em.query(
    `SELECT to_char(d, 'YYYY-MM-DD') AS date, n::int AS completed, (sum(n) OVER (ORDER BY d))::int AS cumulative FROM (
       SELECT (r.submitted_at AT TIME ZONE 'UTC')::date AS d, count(*) AS n
         FROM responses r JOIN invitations i ON i.id = r.invitation_id AND i.revoked_at IS NULL
        WHERE r.wave_id = $1 AND r.status = 'complete' AND r.excluded_at IS NULL GROUP BY 1) x ORDER BY d`, [waveId]);
  const reminders = await em.query(
    `SELECT e.reminder_round AS round, to_char(min(e.occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, count(DISTINCT c.stakeholder_id)::int AS count
       FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id
      WHERE c.wave_id = $1 AND e.kind = 'reminder_sent' AND e.reminder_round IS NOT NULL GROUP BY 1 ORDER BY 1`, [waveId]);
  return {
    waveId, by, ...total, ...rateOf(total),
    breakdown: [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([group, c]) => ({ group, ...labels.get(group)!, ...c, ...rateOf(c) })),
    daily, reminders, nonRespondents, definitions: RATE_DEFINITIONS,
  };
}
