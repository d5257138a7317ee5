// XLSForm question types: what each `type` becomes in SurveyJS, what is ignored (metadata) and what is refused.

/** Metadata rows ODK fills on the device; they have no question in SurveyJS and are skipped with a warning. */
export const METADATA_TYPES = new Set(['start', 'end', 'today', 'deviceid', 'imei', 'subscriberid', 'simserial', 'phonenumber',
  'username', 'email', 'audit', 'start-geopoint', 'background-geopoint', 'uri:email', 'uri:username', 'uri:phonenumber',
  'uri:deviceid', 'uri:subscriberid', 'uri:simserial']);

/** Types Marsad refuses, with the reason shown to the officer. */
export const REFUSED_TYPES: Record<string, string> = {
  select_one_from_file: 'select_one_from_file reads its choices from a separate CSV/XML file that is not in the workbook; copy the choices into the choices sheet and use "select_one LIST"',
  select_multiple_from_file: 'select_multiple_from_file reads its choices from a separate CSV/XML file that is not in the workbook; copy the choices into the choices sheet and use "select_multiple LIST"',
  select_one_external: 'select_one_external (choices from the external_choices sheet) is not supported; move the choices into the choices sheet and use choice_filter',
  geopoint: 'location questions (geopoint) are not supported: Marsad does not collect GPS positions',
  geotrace: 'location questions (geotrace) are not supported: Marsad does not collect GPS positions',
  geoshape: 'location questions (geoshape) are not supported: Marsad does not collect GPS positions',
  image: 'photo questions (image) are not supported: Marsad does not store files',
  audio: 'audio questions are not supported: Marsad does not store files',
  'background-audio': 'audio recording is not supported: Marsad does not store files',
  video: 'video questions are not supported: Marsad does not store files',
  file: 'file upload questions are not supported: Marsad does not store files',
  barcode: 'barcode questions are not supported (no scanner in the respondent page)',
  osm: 'OpenStreetMap questions are not supported',
  'xml-external': 'external XML instances are not supported',
  'csv-external': 'external CSV instances are not supported',
  begin_kobomatrix: 'Kobo matrix groups (begin_kobomatrix) are not supported; write the rows as separate select_one questions',
  end_kobomatrix: 'Kobo matrix groups (begin_kobomatrix) are not supported',
  trigger: 'trigger questions are not supported',
};

/** Simple question types and their SurveyJS element (before appearances). */
export const SIMPLE_TYPES: Record<string, Record<string, unknown>> = {
  text: { type: 'text' },
  integer: { type: 'text', inputType: 'number' },
  decimal: { type: 'text', inputType: 'number' },
  date: { type: 'text', inputType: 'date' },
  time: { type: 'text', inputType: 'time' },
  datetime: { type: 'text', inputType: 'datetime-local' },
  acknowledge: { type: 'boolean', renderAs: 'checkbox', valueTrue: 'OK' },
};

export const WHOLE_NUMBER_VALIDATOR = {
  type: 'regex', regex: '^-?\\d+$', text: { default: 'Please enter a whole number.', ar: 'يرجى إدخال عدد صحيح.' },
};

/** The XLSForm type column, normalised: `begin group` → begin_group, `select one x` → select_one x. */
export function parseType(raw: string): { base: string; list?: string; orOther: boolean; extra: string[] } {
  const tokens = raw.trim().split(/\s+/);
  let base = tokens.shift()!.toLowerCase();
  if ((base === 'begin' || base === 'end' || base === 'select') && tokens.length) base = `${base}_${tokens.shift()!.toLowerCase()}`;
  if (base === 'select_one' || base === 'select_multiple' || base === 'rank' || base.endsWith('_from_file') || base === 'select_one_external') {
    const list = tokens.shift();
    const orOther = tokens[0]?.toLowerCase() === 'or_other';
    if (orOther) tokens.shift();
    return { base, list, orOther, extra: tokens };
  }
  return { base, orOther: false, extra: tokens };
}

/** Appearances with a SurveyJS equivalent, per question kind; anything else is ignored with a warning. */
export function applyAppearance(el: Record<string, unknown>, base: string, appearance: string, choiceCount: number): string[] {
  const ignored: string[] = [];
  for (const a of appearance.toLowerCase().split(/\s+/).filter(Boolean)) {
    if (a === 'multiline' && base === 'text') { el.type = 'comment'; continue; }
    if (a === 'minimal' && base === 'select_one') { el.type = 'dropdown'; continue; }
    if (a === 'minimal' && base === 'select_multiple') { el.type = 'tagbox'; continue; }
    if (a === 'likert' && base === 'select_one') { el.colCount = choiceCount; continue; }
    if ((a === 'horizontal' || a === 'horizontal-compact' || a === 'columns' || a === 'columns-pack' || a === 'compact')
      && (base === 'select_one' || base === 'select_multiple')) { el.colCount = 0; continue; }
    const cols = /^(?:columns|compact)-(\d+)$/.exec(a);
    if (cols && (base === 'select_one' || base === 'select_multiple')) { el.colCount = Number(cols[1]); continue; }
    if (a === 'month-year' && base === 'date') { el.inputType = 'month'; continue; }
    if (a === 'field-list' && (base === 'begin_group' || base === 'begin_repeat')) continue; // handled by the page layout
    if (a === 'quick' || a === 'no-calendar' || a === 'numbers') continue; // device-only behaviour, nothing to show
    ignored.push(a);
  }
  return ignored;
}

/** `start=1 end=10 step=1` (range parameters). */
export function parseParameters(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of raw.matchAll(/([A-Za-z_-]+)\s*=\s*([^\s;,]+)/g)) out.set(m[1].toLowerCase(), m[2]);
  return out;
}
