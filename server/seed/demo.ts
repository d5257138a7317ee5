// Seeds the demo programme at first start (idempotent): logframe, indicators, the bilingual baseline and endline
// questionnaires, 24 stakeholders, a dozen activities with two output indicators over them, a closed baseline wave with 14 complete and 3 draft responses
// (deterministic synthetic data, with reminders and follow-ups), and an open endline wave.
import type { EntityManager } from 'typeorm';
import crypto from 'node:crypto';
import baseline from '../../surveys/demo/baseline.json';
import endline from '../../surveys/demo/endline.json';
import { DEMO_INDICATORS, DEMO_RESULTS } from './demo-logframe';
import { DEMO_ACTIVITIES, DEMO_ACTIVITY_INDICATORS } from './demo-activities';
import { sha256 } from '../auth/passwords';
import { defaultQuarters } from '../../indicators/periods';
import type { Lang } from '../../contracts/common';

export const DEMO_CODE = 'LMF';
const DAY = 86400000;
export const BASELINE_OPENS = new Date('2021-10-03T08:00:00Z');
export const BASELINE_CLOSES = new Date('2022-01-03T08:00:00Z');
/** reminder rounds of the baseline, in days after opening */
export const BASELINE_REMINDER_DAYS = [14, 35, 63];

/** mulberry32: a small deterministic PRNG so the demo data is identical on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo programme's institutions registry (code, English and Arabic names, type). */
export const DEMO_INSTITUTIONS: Array<[string, string, string, string]> = [
  ['MFA', 'Ministry of Foreign Affairs', 'وزارة الخارجية', 'ministry'],
  ['DI', 'Diplomatic Institute', 'المعهد الدبلوماسي', 'agency'],
  ['MoI', 'Ministry of Interior', 'وزارة الداخلية', 'ministry'],
  ['MoJ', 'Ministry of Justice', 'وزارة العدل', 'ministry'],
  ['MSMA', 'Ministry of State for Migration Affairs', 'وزارة الدولة لشؤون الهجرة', 'ministry'],
  ['NTBSM', 'National Team for Border Security and Management', 'الفريق الوطني لأمن وإدارة الحدود', 'agency'],
  ['HoR', 'House of Representatives', 'مجلس النواب', 'parliament'],
  ['MoSA', 'Ministry of Social Affairs', 'وزارة الشؤون الاجتماعية', 'ministry'],
  ['MoY', 'Ministry of Youth', 'وزارة الشباب', 'ministry'],
  ['CSO', 'Civil-society organisations', 'منظمات المجتمع المدني', 'cso'],
];
export const DEMO_STARTS_ON = '2021-04-01';
export const DEMO_ENDS_ON = '2024-03-31';

interface DemoStakeholder { en: string; ar: string; institution: string; department: string; sex: 'female' | 'male'; lang: Lang }

export const DEMO_STAKEHOLDERS: DemoStakeholder[] = [
  ['Amal Ben Ali', 'أمل بن علي', 'MFA', 'International Organisations', 'female', 'ar'],
  ['Khaled Mansour', 'خالد منصور', 'MFA', 'International Cooperation', 'male', 'ar'],
  ['Salma Al-Obeidi', 'سلمى العبيدي', 'MFA', 'Expatriate Affairs', 'female', 'en'],
  ['Omar Al-Sharif', 'عمر الشريف', 'MFA', 'Consular Affairs', 'male', 'ar'],
  ['Huda Al-Mabrouk', 'هدى المبروك', 'MFA', 'International NGOs', 'female', 'ar'],
  ['Tarek Al-Fitouri', 'طارق الفيتوري', 'DI', 'Training', 'male', 'en'],
  ['Mariam Al-Zawi', 'مريم الزاوي', 'DI', 'Training', 'female', 'ar'],
  ['Youssef Al-Gharyani', 'يوسف الغرياني', 'MoI', 'Anti-Illegal Immigration', 'male', 'ar'],
  ['Nadia Al-Kikhia', 'نادية الكيخيا', 'MoI', 'Legal Affairs', 'female', 'ar'],
  ['Ali Al-Senussi', 'علي السنوسي', 'MoJ', 'Legislation', 'male', 'ar'],
  ['Fatima Al-Magariaf', 'فاطمة المقريف', 'MoJ', 'Human Rights', 'female', 'en'],
  ['Mohamed Al-Tarhouni', 'محمد الترهوني', 'MSMA', 'Policy', 'male', 'ar'],
  ['Rania Al-Werfalli', 'رانيا الورفلي', 'MSMA', 'Coordination', 'female', 'ar'],
  ['Ahmed Al-Barassi', 'أحمد البرعصي', 'NTBSM', 'Border Management', 'male', 'ar'],
  ['Ibrahim Al-Misrati', 'إبراهيم المصراتي', 'NTBSM', 'Planning', 'male', 'en'],
  ['Laila Al-Hasi', 'ليلى الحاسي', 'HoR', 'Foreign Affairs Committee', 'female', 'ar'],
  ['Saleh Al-Obaidi', 'صالح العبيدي', 'HoR', 'Migration Policies Committee', 'male', 'ar'],
  ['Asma Al-Jaziri', 'أسماء الجزيري', 'MoSA', 'Social Protection', 'female', 'ar'],
  ['Hassan Al-Dabbashi', 'حسن الدباشي', 'MoSA', 'Shelters', 'male', 'ar'],
  ['Noura Al-Tajouri', 'نورة التاجوري', 'MoY', 'International Relations', 'female', 'en'],
  ['Samira Al-Kabir', 'سميرة الكبير', 'CSO', 'Libyan Migrants Aid', 'female', 'ar'],
  ['Walid Al-Zintani', 'وليد الزنتاني', 'CSO', 'Rights Network', 'male', 'en'],
  ['Hanan Al-Ghwell', 'حنان الغويل', 'CSO', 'Women and Children Shelter Network', 'female', 'ar'],
  ['Mustafa Al-Naas', 'مصطفى الناس', 'CSO', 'Youth for Migration Awareness', 'male', 'ar'],
].map(([en, ar, institution, department, sex, lang]) => ({ en, ar, institution, department, sex, lang }) as DemoStakeholder);

/** Which of the 24 answered the baseline (index → day of completion), and who left a draft or declined. */
export const BASELINE_COMPLETIONS: Array<[number, number]> = [
  [0, 2], [3, 4], [5, 6], [9, 9], [11, 12], [14, 16], [17, 20], // before the first reminder (day 14) …
  [1, 15], [7, 18], [12, 24], [15, 37], [20, 40], [22, 66], [23, 80],
];
export const BASELINE_DRAFTS = [2, 10, 18];
export const BASELINE_DECLINED = [19];

const LIKERT_NAMES = ['know_terminology', 'know_dialogues', 'consular_preparedness', 'legis_standards', 'legis_drafting', 'cso_cooperation', 'expatriate_engagement', 'shelters_knowledge'];

/** Synthetic answers (codes) for one stakeholder, consistent with the questionnaire's visibility rules. */
export function demoAnswers(s: DemoStakeholder, rnd: () => number, complete: boolean): Record<string, unknown> {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const likert = () => (rnd() < 0.08 ? 'dk' : 1 + Math.floor(rnd() * 5));
  const a: Record<string, unknown> = {
    institution: s.institution, sex: s.sex, years_migration: 1 + Math.floor(rnd() * 20),
  };
  for (const n of LIKERT_NAMES) {
    if (n === 'shelters_knowledge' && !['MoSA', 'CSO'].includes(s.institution)) continue;
    a[n] = likert();
  }
  const dialogues = ['khartoum', 'rabat', 'vienna', 'euromed', 'mc2cm', 'jvap'].filter(() => rnd() < 0.3);
  a.dialogues_attended = dialogues.length ? dialogues : ['none'];
  if (dialogues.length) a.dialogue_active = pick(['yes', 'yes', 'no', 'dk']);
  a.consular_plan = pick(['yes', 'no', 'no', 'dk']);
  a.consular_trained = rnd() < 0.35;
  a.capacity = { data: likert(), policy: likert(), coordination: likert() };
  a.cso_meetings = Math.floor(rnd() * 12);
  a.strategy_aware = pick(['yes', 'no', 'dk']);
  a.support_usefulness = 2 + Math.floor(rnd() * 4);
  if (rnd() < 0.6) a.training_needs = pick(['Legislative drafting', 'Consular crisis simulation', 'Data on migration flows', 'صياغة التشريعات']);
  a.contact_consent = rnd() < 0.8;
  if (!complete) {
    // a draft stops part-way: keep the first pages only
    for (const k of ['cso_cooperation', 'cso_meetings', 'strategy_aware', 'expatriate_engagement', 'shelters_knowledge', 'support_usefulness', 'training_needs', 'contact_consent', 'capacity', 'legis_standards', 'legis_drafting']) delete a[k];
  }
  return a;
}

async function insertOne(em: EntityManager, sql: string, params: unknown[]): Promise<string> {
  const rows = await em.query(sql, params);
  return rows[0].id;
}

/** Returns true when it seeded, false when the demo programme already exists. */
export async function seedDemo(em: EntityManager, adminUserId: string | null): Promise<boolean> {
  const existing = await em.query(`SELECT id FROM programmes WHERE code = $1`, [DEMO_CODE]);
  if (existing.length) return false;
  const programmeId = await insertOne(em,
    `INSERT INTO programmes (code, name_en, name_ar, settings, donor_en, donor_ar, starts_on, ends_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [DEMO_CODE, 'Libya Migration Technical-Assistance Facility', 'مرفق المساعدة الفنية للهجرة في ليبيا',
      '{}', // indicator settings: the defaults (suppression threshold, status thresholds) of the indicator service
      'European Union and Switzerland', 'الاتحاد الأوروبي وسويسرا', DEMO_STARTS_ON, DEMO_ENDS_ON]);
  for (const [code, en, ar, type] of DEMO_INSTITUTIONS) {
    await em.query(`INSERT INTO institutions (programme_id, code, name_en, name_ar, type) VALUES ($1,$2,$3,$4,$5)`,
      [programmeId, code, en, ar, type]);
  }
  for (const p of defaultQuarters(DEMO_STARTS_ON, DEMO_ENDS_ON)) {
    await em.query(`INSERT INTO reporting_periods (programme_id, code, name_en, name_ar, starts_on, ends_on) VALUES ($1,$2,$3,$4,$5,$6)`,
      [programmeId, p.code, p.nameEn, p.nameAr, p.startsOn, p.endsOn]);
  }
  if (adminUserId) {
    await em.query(`INSERT INTO programme_memberships (user_id, programme_id, role) VALUES ($1, $2, 'administrator')`, [adminUserId, programmeId]);
  }

  const resultIds = new Map<string, string>();
  for (const [i, r] of DEMO_RESULTS.entries()) {
    resultIds.set(r.code, await insertOne(em,
      `INSERT INTO results (programme_id, parent_id, level, code, statement_en, statement_ar, position) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
      [programmeId, r.parent ? resultIds.get(r.parent) : null, r.level, r.code, r.en, r.ar, i]));
  }
  for (const [i, ind] of DEMO_INDICATORS.entries()) {
    await em.query(
      `INSERT INTO indicators (programme_id, result_id, code, name_en, name_ar, unit, direction, formula, targets, disaggregations, position)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [programmeId, resultIds.get(ind.result), ind.code, ind.en, ind.ar, ind.unit, ind.direction, JSON.stringify(ind.formula),
        JSON.stringify({ final: { value: ind.target, date: '2024-03-31' } }), JSON.stringify(ind.disaggregations), i]);
  }
  for (const a of DEMO_ACTIVITIES) {
    await em.query(
      `INSERT INTO activities (programme_id, result_id, title_en, title_ar, kind, status, starts_on, ends_on, online, city, country,
         institutions, participants_women, participants_men, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [programmeId, a.result ? resultIds.get(a.result) : null, a.en, a.ar, a.kind, a.status, a.start, a.end ?? a.start, !!a.online,
        a.city, a.country, a.institutions, a.women, a.men, adminUserId]);
  }
  for (const [i, ind] of DEMO_ACTIVITY_INDICATORS.entries()) {
    await em.query(
      `INSERT INTO indicators (programme_id, result_id, code, name_en, name_ar, unit, direction, formula, targets, disaggregations, position)
       VALUES ($1,$2,$3,$4,$5,$6,'increase',$7,$8,'[]',$9)`,
      [programmeId, resultIds.get('OP1.1.1'), ind.code, ind.en, ind.ar, ind.unit, JSON.stringify(ind.formula),
        JSON.stringify({ final: { value: ind.target, date: DEMO_ENDS_ON } }), DEMO_INDICATORS.length + i]);
  }
  await em.query(`INSERT INTO glossary_terms (programme_id, term_en, term_ar) VALUES
    ($1, 'irregular migration', 'الهجرة غير النظامية'), ($1, 'consular crisis', 'الأزمة القنصلية'),
    ($1, 'migration dialogue', 'حوار الهجرة'), ($1, 'civil-society organisation', 'منظمة مجتمع مدني')`, [programmeId]);

  const questionnaireId = await insertOne(em,
    `INSERT INTO questionnaires (programme_id, code, title_en, title_ar) VALUES ($1, 'stakeholder-survey', $2, $3) RETURNING id`,
    [programmeId, 'Stakeholder survey', 'استبيان أصحاب المصلحة']);
  const v1 = await insertOne(em,
    `INSERT INTO questionnaire_versions (questionnaire_id, version, definition, published_at, published_by) VALUES ($1, 1, $2, $3, $4) RETURNING id`,
    [questionnaireId, JSON.stringify(baseline), new Date(BASELINE_OPENS.getTime() - 7 * DAY), adminUserId]);
  const v2 = await insertOne(em,
    `INSERT INTO questionnaire_versions (questionnaire_id, version, definition, published_by) VALUES ($1, 2, $2, $3) RETURNING id`,
    [questionnaireId, JSON.stringify(endline), adminUserId]);

  const stakeholderIds: string[] = [];
  for (const [i, s] of DEMO_STAKEHOLDERS.entries()) {
    stakeholderIds.push(await insertOne(em,
      `INSERT INTO stakeholders (programme_id, name_en, name_ar, institution, department, sex, preferred_language, email, phone)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`,
      [programmeId, s.en, s.ar, s.institution, s.department, s.sex, s.lang,
        `${s.en.toLowerCase().replace(/[^a-z]+/g, '.')}@example.org`, `+21891${String(1000000 + i * 7919).slice(0, 7)}`]));
  }

  const baselineWave = await insertOne(em,
    `INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at, closed_at)
     VALUES ($1,$2,'baseline','Baseline 2021','خط الأساس 2021',$3,$4,$4) RETURNING id`,
    [programmeId, v1, BASELINE_OPENS, BASELINE_CLOSES]);
  const now = Date.now();
  await em.query(
    `INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
     VALUES ($1,$2,'endline','Endline 2024','خط النهاية 2024',$3,$4)`,
    [programmeId, v2, new Date(now - DAY), new Date(now + 90 * DAY)]);

  const rnd = prng(20211003);
  const at = (day: number, hour = 10) => new Date(BASELINE_OPENS.getTime() + day * DAY + hour * 3600000);
  const completedDay = new Map(BASELINE_COMPLETIONS);
  for (const [i, s] of DEMO_STAKEHOLDERS.entries()) {
    const done = completedDay.get(i);
    const draft = BASELINE_DRAFTS.includes(i);
    const declined = BASELINE_DECLINED.includes(i);
    const status = done !== undefined ? 'completed' : draft ? 'started' : declined ? 'declined' : (i % 2 ? 'opened' : 'sent');
    // demo tokens are random and never shown: officers re-issue links from the app
    const invitationId = await insertOne(em,
      `INSERT INTO invitations (wave_id, stakeholder_id, token_hash, status, created_at) VALUES ($1,$2,$3,$4,$5) RETURNING id`,
      [baselineWave, stakeholderIds[i], sha256(crypto.randomBytes(32).toString('base64url')), status, at(0, 8)]);
    const events: Array<[string, Date, Record<string, unknown>, number | null, string | null]> = [
      ['invited', at(0, 8), {}, null, null], ['mail_sent', at(0, 9), {}, null, null]];
    if (status !== 'sent') events.push(['opened', at(done !== undefined ? Math.max(0, done - 1) : 3), {}, null, null]);
    for (const [round, day] of BASELINE_REMINDER_DAYS.entries()) {
      if (done === undefined || done > day) if (!declined || day < 20) events.push(['reminder_sent', at(day, 9), {}, round + 1, null]);
    }
    if (done === undefined && !declined) events.push(['follow_up', at(70, 11), { outcome: 'promised to answer' }, null, 'call']);
    if (declined) events.push(['declined', at(22, 12), { reason: 'not the right person' }, null, null]);
    if (draft || done !== undefined) events.push(['started', at(done !== undefined ? done : 30, 10), {}, null, null]);
    if (done !== undefined) events.push(['completed', at(done, 11), {}, null, null]);
    for (const [kind, when, details, round, channel] of events) {
      await em.query(
        `INSERT INTO invitation_events (invitation_id, kind, occurred_at, details, reminder_round, channel) VALUES ($1,$2,$3,$4,$5,$6)`,
        [invitationId, kind, when, JSON.stringify(details), round, channel]);
    }
    if (done !== undefined || draft) {
      const complete = done !== undefined;
      const answers = demoAnswers(s, rnd, complete);
      const started = at(complete ? done! : 30, 10);
      await em.query(
        `INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, invitation_id, stakeholder_id, status, language,
           answers, submitted_answers, client_submission_id, receipt_code, started_at, updated_at, submitted_at, current_page)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
        [programmeId, baselineWave, v1, invitationId, stakeholderIds[i], complete ? 'complete' : 'draft', s.lang,
          JSON.stringify(answers), complete ? JSON.stringify(answers) : null, complete ? crypto.randomUUID() : null,
          complete ? `B21-${String(i + 1).padStart(3, '0')}` : null, started,
          complete ? at(done!, 11) : started, complete ? at(done!, 11) : null, complete ? 5 : 2]);
    }
  }
  return true;
}
