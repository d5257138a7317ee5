// Shared set-up of the respondent browser tests: publish a questionnaire through the API, open a wave, make
// invitation links, and read the stored response back from the database.
import { testEnv } from '../setup';
import { loginAs, uniq } from '../helpers';
import { createInvitation } from '../../server/services/tokens';

const DAY = 86400000;

export interface PublishedWave { waveId: string; programmeId: string; published: unknown; invite(): Promise<{ link: string; invitationId: string }> }

/** Publishes `definition` as a new questionnaire (through the API, as an officer would) and opens a wave on it. */
export async function publishWave(definition: unknown, base: string): Promise<PublishedWave> {
  const db = testEnv().ctx.db;
  const officer = await loginAs('officer');
  const pid = officer.programmeId;
  const qn = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('q'), titleEn: 'Render', titleAr: 'عرض', definition });
  if (qn.status !== 201) throw new Error(JSON.stringify(qn.body));
  const v = await officer.post(`/api/programmes/${pid}/questionnaires/${qn.body.id}/publish`);
  if (v.status !== 201) throw new Error(JSON.stringify(v.body));
  const got = await officer.get(`/api/programmes/${pid}/questionnaires/${qn.body.id}/versions/${v.body.version}`);
  const w = await officer.post(`/api/programmes/${pid}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline',
    nameEn: 'Capacity baseline 2024 — ministries and civil society', nameAr: 'خط الأساس للقدرات 2024 — الوزارات والمجتمع المدني',
    opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + 30 * DAY).toISOString() });
  if (w.status !== 201) throw new Error(JSON.stringify(w.body));
  return {
    waveId: w.body.id, programmeId: pid, published: got.body.definition,
    async invite() {
      const [s] = await db.query(`INSERT INTO stakeholders (programme_id, name_en, name_ar, institution, preferred_language)
        VALUES ($1, 'Amal', 'أمل', 'MFA', 'en') RETURNING id`, [pid]);
      return db.transaction((em) => createInvitation(em, { waveId: w.body.id, stakeholderId: s.id, baseUrl: base }));
    },
  };
}

export interface StoredResponse { status: string; answers: Record<string, unknown>; current_page: number; autosave_seq: number }
export async function storedResponses(invitationId: string): Promise<StoredResponse[]> {
  return testEnv().ctx.db.query(`SELECT status, answers, current_page, autosave_seq FROM responses WHERE invitation_id = $1`, [invitationId]);
}

/** Polls until `ok` holds or `ms` pass; returns the last value. */
export async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
