// The demo programme's activities and consultation meetings (after the interim report, April 2021 – March 2022 and later).
export interface DemoActivity {
  en: string; ar: string; kind: 'meeting' | 'workshop' | 'training' | 'study_visit' | 'mission' | 'call' | 'other';
  status: 'planned' | 'held' | 'cancelled'; start: string; end?: string; city: string; country: string; online?: boolean;
  institutions: string[]; women: number; men: number; result?: string;
}

export const DEMO_ACTIVITIES: DemoActivity[] = [
  { en: 'Consultation meeting with the Ministry of Foreign Affairs (International Organisations)', ar: 'اجتماع تشاوري مع وزارة الخارجية (إدارة المنظمات الدولية)',
    kind: 'meeting', status: 'held', start: '2021-05-12', city: 'Tripoli', country: 'Libya', institutions: ['MFA'], women: 1, men: 3 },
  { en: 'Consultation meeting with the Diplomatic Institute', ar: 'اجتماع تشاوري مع المعهد الدبلوماسي',
    kind: 'meeting', status: 'held', start: '2021-06-08', city: 'Tripoli', country: 'Libya', institutions: ['DI'], women: 2, men: 2 },
  { en: 'Meeting with the Foreign Affairs Committee of the House of Representatives', ar: 'اجتماع مع لجنة الشؤون الخارجية بمجلس النواب',
    kind: 'meeting', status: 'held', start: '2021-07-20', city: 'Tunis', country: 'Tunisia', institutions: ['HoR'], women: 1, men: 4 },
  { en: 'Coordination meeting with the donors', ar: 'اجتماع تنسيقي مع المانحين',
    kind: 'meeting', status: 'held', start: '2021-09-14', city: '', country: '', online: true, institutions: ['MFA'], women: 3, men: 2 },
  { en: 'Consultation meeting with the Ministry of State for Migration Affairs', ar: 'اجتماع تشاوري مع وزارة الدولة لشؤون الهجرة',
    kind: 'meeting', status: 'held', start: '2021-11-03', city: 'Tripoli', country: 'Libya', institutions: ['MSMA'], women: 1, men: 2 },
  { en: 'Preparation call for a Rabat Process thematic meeting', ar: 'اتصال تحضيري لاجتماع موضوعي لعملية الرباط',
    kind: 'call', status: 'held', start: '2021-12-15', city: '', country: '', online: true, institutions: ['MFA'], women: 4, men: 1, result: 'OP1.1.1' },
  { en: 'Introductory workshop for the new Rabat and Khartoum Process focal points', ar: 'ورشة تعريفية لنقاط الاتصال الجديدة لعمليتي الرباط والخرطوم',
    kind: 'workshop', status: 'held', start: '2022-02-02', city: 'Tripoli', country: 'Libya', institutions: ['MFA', 'DI'], women: 8, men: 3, result: 'OP1.1.1' },
  { en: "Accompanying the delegation to the Khartoum Process senior officials' meeting", ar: 'مرافقة الوفد إلى اجتماع كبار المسؤولين لعملية الخرطوم',
    kind: 'mission', status: 'held', start: '2022-03-22', end: '2022-03-23', city: 'Kampala', country: 'Uganda', institutions: ['MFA', 'MoI'], women: 2, men: 2, result: 'OP1.1.1' },
  { en: 'Consultation meeting with civil-society organisations on shelters', ar: 'اجتماع تشاوري مع منظمات المجتمع المدني حول دور الإيواء',
    kind: 'meeting', status: 'held', start: '2022-05-18', city: 'Tunis', country: 'Tunisia', institutions: ['CSO', 'MoSA'], women: 6, men: 3 },
  { en: 'One-day training on migration dialogues for diplomats (1 of 3)', ar: 'تدريب ليوم واحد حول حوارات الهجرة للدبلوماسيين (1 من 3)',
    kind: 'training', status: 'held', start: '2022-06-14', city: 'Tripoli', country: 'Libya', institutions: ['DI', 'MFA'], women: 9, men: 11, result: 'OP1.1.1' },
  { en: 'Two-day consular-crisis training for diplomats', ar: 'تدريب لمدة يومين حول الأزمات القنصلية للدبلوماسيين',
    kind: 'training', status: 'planned', start: '2022-10-04', end: '2022-10-05', city: 'Tripoli', country: 'Libya', institutions: ['DI'], women: 0, men: 0 },
  { en: 'Study visit on migration legislation (postponed)', ar: 'زيارة دراسية حول تشريعات الهجرة (مؤجلة)',
    kind: 'study_visit', status: 'cancelled', start: '2022-04-25', end: '2022-04-28', city: 'Geneva', country: 'Switzerland', institutions: ['MoJ'], women: 0, men: 0 },
];

/** Output indicators computed from the activities log (not from a survey), under result OP1.1.1. */
export const DEMO_ACTIVITY_INDICATORS = [
  { code: 'OP1.1.2', unit: 'count', target: 120, en: 'Participants in dialogue briefings, workshops, trainings and missions (women and men)',
    ar: 'المشاركون في الإحاطات وورش العمل والتدريبات والمهمات الخاصة بالحوار (نساء ورجال)',
    formula: { source: 'activities', measure: 'participants', kinds: ['call', 'workshop', 'training', 'mission'] } },
  { code: 'OP1.1.3', unit: 'percent', target: 50, en: 'Share of women among the participants of the activities held',
    ar: 'نسبة النساء بين المشاركين في الأنشطة المنفذة',
    formula: { source: 'activities', measure: 'women_share' } },
] as const;
