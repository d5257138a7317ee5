// Stakeholders page: search and filter (institution, sex, language, archived), add, edit, archive / restore, and the
// CSV import from a file picker or a drop with a dry-run report whose reasons are localised (with plurals) and which
// names the field and row a duplicate matches; unknown institutions can be created with the import.
import { t, type MessageKey } from '../../i18n';
import { ApiError, get, patch, post } from '../api';
import { clear, field, h, locField, notice, table } from '../dom';
import type { PageCtx } from '../state';
import { confirmDialog, errText, formDialog, label, plural, say } from './officer-ui';

interface Stakeholder {
  id: string; nameEn: string; nameAr: string; institution: string; department: string; sex: string | null; preferredLanguage: 'en' | 'ar';
  email?: string | null; phone?: string | null; archivedAt: string | null;
}
interface RowError { line: number; column: string; code: string; value?: string }
interface Duplicate { line: number; field: string; value: string; with: string }
interface Report { rows: number; valid: number; errors: RowError[]; duplicates: Duplicate[]; unknownInstitutions: string[]; inserted: number }

const SEXES = ['female', 'male', 'other', 'undisclosed'] as const;

function reportView(r: Report): HTMLElement {
  const bad = new Set([...r.errors.map((e) => e.line), ...r.duplicates.map((d) => d.line)]).size;
  const whom = (w: string) => (w === 'roster' ? t('imp.roster') : t('imp.fileLine', { n: w.replace(/\D+/g, '') }));
  const rows = [
    ...r.errors.map((e) => [String(e.line), e.column, t(`imp.${e.code}` as MessageKey, { column: e.column, value: e.value ?? '' })]),
    ...r.duplicates.map((d) => [String(d.line), d.field, `${t('imp.duplicate', { column: d.field, with: whom(d.with) })}: ${d.value}`]),
  ];
  return h('div', { id: 'import-result' }, notice(t('imp.summary', { ok: plural('rows', r.valid), bad: plural('rows', bad) }), bad ? 'error' : 'info'),
    rows.length ? table([t('stake.row'), t('imp.column'), t('stake.problem')], rows) : '');
}

export async function stakeholdersPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const q = ctx.query;
  ctx.main.append(h('h1', null, t('stake.title')));
  const params = new URLSearchParams({ limit: '1000', archived: q.get('archived') === 'all' ? 'all' : 'false' });
  for (const k of ['q', 'institution', 'sex', 'language']) { const v = q.get(k); if (v) params.set(k, v); }
  const data = await get<{ total: number; items: Stakeholder[] }>(`/api/programmes/${pid}/stakeholders?${params.toString()}`);
  if (ctx.stale()) return;
  const msg = h('div', { 'aria-live': 'polite', id: 'stake-msg' });
  const reload = () => { const p = new URLSearchParams(q); p.delete('imported'); p.set('t', String(Date.now())); location.hash = `#/programmes/${pid}/stakeholders?${p.toString()}`; };

  const search = h('input', { type: 'search', id: 'stake-q', value: q.get('q') ?? '' });
  const inst = h('input', { id: 'stake-inst', value: q.get('institution') ?? '' });
  const sex = h('select', { id: 'stake-sex' }, h('option', { value: '' }, t('common.all')), SEXES.map((s) => h('option', { value: s, selected: q.get('sex') === s }, t(`sex.${s}`))));
  const language = h('select', { id: 'stake-lang' }, h('option', { value: '' }, t('common.all')), (['ar', 'en'] as const).map((l) => h('option', { value: l, selected: q.get('language') === l }, t(`lang.${l}`))));
  const archived = h('input', { type: 'checkbox', id: 'stake-archived', checked: q.get('archived') === 'all' });
  const filter = h('form', { class: 'grid-form', id: 'stake-filter', onsubmit: (e: Event) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (search.value.trim()) p.set('q', search.value.trim());
    if (inst.value.trim()) p.set('institution', inst.value.trim());
    if (sex.value) p.set('sex', sex.value);
    if (language.value) p.set('language', language.value);
    if (archived.checked) p.set('archived', 'all');
    location.hash = `#/programmes/${pid}/stakeholders?${p.toString()}`;
  } }, field(t('stake.search'), search), field(t('stake.institution'), inst), field(t('stake.sex'), sex), field(t('stake.language'), language),
  h('label', { class: 'check' }, archived, ` ${t('stake.showArchived')}`), h('button', { type: 'submit' }, t('stake.filter')));

  const inputs = (s?: Stakeholder) => ({
    nameEn: h('input', { value: s?.nameEn ?? '' }), nameAr: h('input', { dir: 'rtl', lang: 'ar', value: s?.nameAr ?? '' }),
    institution: h('input', { required: true, value: s?.institution ?? '' }), department: h('input', { value: s?.department ?? '' }),
    sex: h('select', null, h('option', { value: '' }, '–'), SEXES.map((x) => h('option', { value: x, selected: s?.sex === x }, t(`sex.${x}`)))),
    preferredLanguage: h('select', null, (['ar', 'en'] as const).map((l) => h('option', { value: l, selected: s?.preferredLanguage === l }, t(`lang.${l}`)))),
    email: h('input', { type: 'email', value: s?.email ?? '' }), phone: h('input', { dir: 'ltr', value: s?.phone ?? '' }),
  });
  type Inputs = ReturnType<typeof inputs>;
  const fieldsOf = (f: Inputs) => [field(t('stake.nameEn'), f.nameEn), field(t('stake.nameAr'), f.nameAr), field(t('stake.institution'), f.institution),
    field(t('stake.department'), f.department), field(t('stake.sex'), f.sex), field(t('stake.language'), f.preferredLanguage),
    field(t('common.email'), f.email), field(t('stake.phone'), f.phone)];
  const valuesOf = (f: Inputs) => ({ nameEn: f.nameEn.value, nameAr: f.nameAr.value, institution: f.institution.value, department: f.department.value,
    sex: f.sex.value || null, preferredLanguage: f.preferredLanguage.value, email: f.email.value, phone: f.phone.value });

  const rowActions = (s: Stakeholder) => h('div', { class: 'actions' },
    h('button', { type: 'button', 'data-action': 'edit', onclick: () => {
      const f = inputs(s);
      formDialog('edit-stakeholder', `${t('stake.edit')}: ${locField(s, 'name')}`, h('div', { class: 'grid-form' }, fieldsOf(f)), async (m) => {
        try { await patch(`/api/programmes/${pid}/stakeholders/${s.id}`, valuesOf(f)); reload(); return true; } catch (e) { say(m, errText(e), 'error'); return false; }
      });
    } }, t('stake.edit')),
    h('button', { type: 'button', 'data-action': s.archivedAt ? 'restore' : 'archive', onclick: async () => {
      if (!s.archivedAt && !(await confirmDialog(t('stake.archive'), t('stake.archiveConfirm', { name: locField(s, 'name') }), t('stake.archive')))) return;
      try { await post(`/api/programmes/${pid}/stakeholders/${s.id}/${s.archivedAt ? 'restore' : 'archive'}`, {}); reload(); } catch (e) { say(msg, errText(e), 'error'); }
    } }, s.archivedAt ? t('stake.restore') : t('stake.archive')));

  const add = inputs();
  const addForm = h('form', { class: 'panel grid-form', onsubmit: async (e: Event) => {
    e.preventDefault();
    try { await post(`/api/programmes/${pid}/stakeholders`, valuesOf(add)); reload(); } catch (err) { say(msg, errText(err), 'error'); }
  } }, h('h2', null, t('stake.add')), fieldsOf(add), h('button', { type: 'submit', class: 'primary' }, t('common.create')));

  // import: a file picker or a drop fills the text; the dry run comes first
  let xlsx: string | null = null; // base64 of a picked XLSX file (read on the server); typing CSV text drops it
  const csv = h('textarea', { rows: 5, dir: 'ltr', spellcheck: 'false', id: 'import-csv', oninput: () => { xlsx = null; } });
  const load = async (f: File) => {
    if (/\.xlsx$/i.test(f.name)) {
      const bytes = new Uint8Array(await f.arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      xlsx = btoa(bin); csv.value = '';
    } else { xlsx = null; csv.value = await f.text(); }
    await run(true);
  };
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,.xlsx,text/csv,text/plain', onchange: () => { const f = file.files?.[0]; if (f) void load(f); } });
  const report = h('div', { id: 'import-report', 'aria-live': 'polite' });
  let createInst = false;
  const run = async (dryRun: boolean) => {
    clear(report);
    try {
      const r = await post<Report>(`/api/programmes/${pid}/stakeholders/import?dryRun=${dryRun}&createInstitutions=${createInst}`, xlsx ? { xlsx } : { csv: csv.value });
      report.append(reportView(r));
      if (r.unknownInstitutions.length) {
        const box = h('input', { type: 'checkbox', id: 'import-create-inst', checked: createInst, onchange: () => { createInst = box.checked; void run(true); } });
        report.append(h('label', { class: 'check' }, box, ` ${t('imp.createInst', { names: r.unknownInstitutions.join('، ') })}`));
      }
      if (!dryRun) location.hash = `#/programmes/${pid}/stakeholders?imported=${r.inserted}`;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'import.invalid_rows') report.append(reportView({ ...(err.details as Report), inserted: 0 }));
      else say(report, errText(err), 'error');
    }
  };
  const drop = h('div', { class: 'panel drop', id: 'import-drop',
    ondragover: (e: DragEvent) => { e.preventDefault(); },
    ondrop: (e: DragEvent) => { e.preventDefault(); const f = e.dataTransfer?.files?.[0]; if (f) void load(f); } },
  h('h2', null, t('stake.import')), field(t('stake.file'), file), field(t('stake.csv'), csv),
  h('div', { class: 'actions' }, h('button', { type: 'button', id: 'import-dry', onclick: () => void run(true) }, t('stake.dryRun')),
    h('button', { type: 'button', class: 'primary', id: 'import-do', onclick: () => void run(false) }, t('stake.doImport'))), report);

  const imported = q.get('imported');
  ctx.main.append(filter, msg, imported ? notice(t('stake.imported', { n: imported }), 'ok') : '', h('p', null, plural('people', data.total)),
    table([t('common.name'), t('stake.institution'), t('stake.department'), t('stake.sex'), t('stake.language'), t('common.email'), t('common.actions')],
      data.items.map((s) => [locField(s, 'name') + (s.archivedAt ? ` (${t('stake.archived')})` : ''), s.institution, s.department, label('sex', s.sex),
        t(`lang.${s.preferredLanguage}`), s.email ?? '–', rowActions(s)])),
    drop, addForm);
}
