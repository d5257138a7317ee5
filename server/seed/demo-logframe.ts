// The demo programme's logframe and indicators (after the reference programme's activity strands).
import type { TFormula, TDisaggregation } from '../../indicators/formula';

export interface DemoResult { code: string; parent?: string; level: string; en: string; ar: string }
export interface DemoIndicator {
  code: string; result: string; en: string; ar: string; unit: string; direction: 'increase' | 'decrease';
  formula: TFormula; target: number; disaggregations: TDisaggregation[];
}

export const DEMO_RESULTS: DemoResult[] = [
  { code: 'SO', level: 'strategic_objective', en: 'Libyan institutions govern migration in a more effective, rights-based and coordinated way', ar: 'تدير المؤسسات الليبية الهجرة بطريقة أكثر فعالية وتنسيقًا وقائمة على الحقوق' },
  { code: 'SO1', parent: 'SO', level: 'specific_objective', en: 'Libyan delegations take an active part in international and regional migration dialogues', ar: 'تشارك الوفود الليبية مشاركة فاعلة في حوارات الهجرة الدولية والإقليمية' },
  { code: 'IO1.1', parent: 'SO1', level: 'immediate_outcome', en: 'Focal points know the dialogues and their procedures', ar: 'يعرف منسقو الاتصال الحوارات وإجراءاتها' },
  { code: 'OP1.1.1', parent: 'IO1.1', level: 'output', en: 'Focal points are briefed and accompanied to dialogue meetings', ar: 'يتم إطلاع منسقي الاتصال ومرافقتهم إلى اجتماعات الحوار' },
  { code: 'SO2', parent: 'SO', level: 'specific_objective', en: 'Consular crisis preparedness of the Ministry of Foreign Affairs is strengthened', ar: 'تعزيز الاستعداد للأزمات القنصلية في وزارة الخارجية' },
  { code: 'IO2.1', parent: 'SO2', level: 'immediate_outcome', en: 'Diplomats are trained as trainers on consular crisis management', ar: 'تدريب الدبلوماسيين كمدربين على إدارة الأزمات القنصلية' },
  { code: 'SO3', parent: 'SO', level: 'specific_objective', en: 'Capacities for migration legislation in line with international standards are strengthened', ar: 'تعزيز القدرات في مجال تشريعات الهجرة وفق المعايير الدولية' },
  { code: 'SO4', parent: 'SO', level: 'specific_objective', en: 'Civil-society organisations cooperate with the authorities on migration', ar: 'تتعاون منظمات المجتمع المدني مع السلطات في مجال الهجرة' },
  { code: 'IO4.1', parent: 'SO4', level: 'immediate_outcome', en: 'Regular exchange between authorities and civil-society organisations', ar: 'تبادل منتظم بين السلطات ومنظمات المجتمع المدني' },
];

const bySex: TDisaggregation = { kind: 'question', name: 'sex' };
const byInstitution: TDisaggregation = { kind: 'attribute', attribute: 'institution' };
const q = (name: string) => ({ kind: 'question' as const, name });

export const DEMO_INDICATORS: DemoIndicator[] = [
  { code: 'SO.1', result: 'SO', unit: 'percent', direction: 'increase', target: 70, disaggregations: [bySex, byInstitution],
    en: 'Share of stakeholders rating their institution\'s migration-governance capacity index at 3.5 or more',
    ar: 'نسبة أصحاب المصلحة الذين يقيّمون مؤشر قدرة مؤسستهم على حوكمة الهجرة بـ 3.5 أو أكثر',
    formula: { kind: 'index', items: [
      { item: { kind: 'cell', name: 'capacity', row: 'data' } }, { item: { kind: 'cell', name: 'capacity', row: 'policy' } },
      { item: { kind: 'cell', name: 'capacity', row: 'coordination' } }], scale: { min: 1, max: 5 }, minAnswered: 2, aggregate: { shareAtLeast: 3.5 } } },
  { code: 'SO1.1', result: 'SO1', unit: 'percent', direction: 'increase', target: 75, disaggregations: [bySex, byInstitution],
    en: 'Share of stakeholders rating their knowledge of regional migration dialogues as high or very high',
    ar: 'نسبة أصحاب المصلحة الذين يقيّمون معرفتهم بحوارات الهجرة الإقليمية بأنها مرتفعة أو مرتفعة جدًا',
    formula: { kind: 'share', item: q('know_dialogues'), condition: { op: '>=', value: 4 } } },
  { code: 'IO1.1', result: 'IO1.1', unit: 'percent', direction: 'increase', target: 60, disaggregations: [byInstitution],
    en: 'Share of institutions that took an active part in a dialogue meeting in the past 12 months',
    ar: 'نسبة المؤسسات التي شاركت مشاركة فاعلة في اجتماع حوار خلال الاثني عشر شهرًا الماضية',
    formula: { kind: 'share', item: q('dialogue_active'), condition: { op: 'in', values: ['yes'] } } },
  { code: 'OP1.1.1', result: 'OP1.1.1', unit: 'count', direction: 'increase', target: 12, disaggregations: [bySex],
    en: 'Number of stakeholders whose institution attended the Khartoum or Rabat Process',
    ar: 'عدد أصحاب المصلحة الذين حضرت مؤسساتهم عملية الخرطوم أو عملية الرباط',
    formula: { kind: 'count', item: q('dialogues_attended'), condition: { op: 'anyOf', values: ['khartoum', 'rabat'] } } },
  { code: 'SO2.1', result: 'SO2', unit: 'mean', direction: 'increase', target: 4, disaggregations: [bySex, byInstitution],
    en: 'Mean rating of the institution\'s preparedness for a consular crisis (1–5)',
    ar: 'متوسط تقييم استعداد المؤسسة لأزمة قنصلية (1–5)',
    formula: { kind: 'mean', item: q('consular_preparedness') } },
  { code: 'IO2.1', result: 'IO2.1', unit: 'percent', direction: 'increase', target: 80, disaggregations: [bySex],
    en: 'Share of stakeholders trained on consular crisis management',
    ar: 'نسبة أصحاب المصلحة المدرَّبين على إدارة الأزمات القنصلية',
    formula: { kind: 'share', item: q('consular_trained'), condition: { op: '=', value: true } } },
  { code: 'SO3.1', result: 'SO3', unit: 'index', direction: 'increase', target: 3.8, disaggregations: [bySex],
    en: 'Legislation capacity index: mean of knowledge of standards and drafting confidence (1–5)',
    ar: 'مؤشر القدرة التشريعية: متوسط المعرفة بالمعايير والثقة في الصياغة (1–5)',
    formula: { kind: 'index', items: [{ item: q('legis_standards') }, { item: q('legis_drafting') }], scale: { min: 1, max: 5 }, minAnswered: 2, aggregate: 'mean' } },
  { code: 'SO4.1', result: 'SO4', unit: 'mean', direction: 'increase', target: 3.5, disaggregations: [bySex, byInstitution],
    en: 'Mean rating of cooperation between authorities and civil-society organisations (1–5)',
    ar: 'متوسط تقييم التعاون بين السلطات ومنظمات المجتمع المدني (1–5)',
    formula: { kind: 'mean', item: q('cso_cooperation') } },
  { code: 'IO4.1', result: 'IO4.1', unit: 'sum', direction: 'increase', target: 120, disaggregations: [byInstitution],
    en: 'Meetings held with civil-society organisations in the past 12 months (total)',
    ar: 'الاجتماعات المعقودة مع منظمات المجتمع المدني خلال الاثني عشر شهرًا الماضية (المجموع)',
    formula: { kind: 'sum', item: q('cso_meetings') } },
  { code: 'IO4.2', result: 'IO4.1', unit: 'ratio', direction: 'increase', target: 1,
    disaggregations: [bySex],
    en: 'Ratio of stakeholders aware of the national migration strategy work to those with a written consular plan',
    ar: 'نسبة أصحاب المصلحة المطلعين على العمل على الاستراتيجية الوطنية للهجرة إلى من لديهم خطة قنصلية مكتوبة',
    formula: { kind: 'ratio', numerator: { kind: 'count', item: q('strategy_aware'), condition: { op: 'in', values: ['yes'] } },
      denominator: { kind: 'count', item: q('consular_plan'), condition: { op: 'in', values: ['yes'] } } } },
];
