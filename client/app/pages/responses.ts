// Responses page of a wave: a server-side paginated table (status, institution, sex, submitted; search), one response
// with question labels and answers in the chosen language, corrections with a reason (checked by the version's
// validator on the server, errors shown at the question), revision history with diffs, exclude / restore with a reason.
import { lang, t, type MessageKey } from '../../i18n';
import { ApiError, get, post } from '../api';
import { clear, field, fmtDate, h, locField, notice, table } from '../dom';
import type { PageCtx } from '../state';
import type { History, Question, ResponseDetail, ResponseRow } from '../../../contracts/responses';
import { confirmDialog, errText, label, plural, say } from './officer-ui';
import { waveSelect } from './rates';

const PAGE = 25;
type Answers = Record<string, unknown>;

function answerText(q: Question | undefined, v: unknown): string {
  if (v === undefined || v === null || v === '') return '–';
  const one = (x: unknown) => {
    const c = q?.choices?.find((ch) => String(ch.value) === String(x));
    return c ? (lang() === 'ar' ? c.ar || c.en : c.en || c.ar) : String(x);
  };
  if (Array.isArray(v)) return v.map(one).join('، ');
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (typeof v === 'object') return JSON.stringify(v);
  return one(v);
}
const title = (q: Question) => (lang() === 'ar' ? q.titleAr : q.titleEn);

/** An input for one editable question; read() gives the typed value (undefined = no answer). */
function editor(q: Question, v: unknown): { el: HTMLElement; read: () => unknown } {
  const opts = q.choices ?? q.rateValues?.map((n) => ({ value: n, en: String(n), ar: String(n) })) ?? null;
  if (q.type === 'checkbox' || q.type === 'tagbox') {
    const chosen = new Set((Array.isArray(v) ? v : []).map(String));
    const boxes = (opts ?? []).map((c) => h('label', { class: 'check' }, h('input', { type: 'checkbox', value: String(c.value), checked: chosen.has(String(c.value)) }), ` ${lang() === 'ar' ? c.ar : c.en}`));
    return { el: h('div', { class: 'checks', 'data-q': q.name }, boxes), read: () => {
      const vals = boxes.map((b) => b.querySelector('input')!).filter((i) => i.checked).map((i) => opts!.find((c) => String(c.value) === i.value)!.value);
      return vals.length ? vals : undefined;
    } };
  }
  if (opts || q.type === 'boolean') {
    const list = opts ?? [{ value: 'true', en: t('common.yes'), ar: t('common.yes') }, { value: 'false', en: t('common.no'), ar: t('common.no') }];
    const sel = h('select', { 'data-q': q.name }, h('option', { value: '' }, '–'), list.map((c) => h('option', { value: String(c.value), selected: String(v) === String(c.value) }, lang() === 'ar' ? c.ar : c.en)));
    return { el: sel, read: () => {
      if (!sel.value) return undefined;
      if (q.type === 'boolean') return sel.value === 'true';
      return list.find((c) => String(c.value) === sel.value)!.value;
    } };
  }
  const input = q.type === 'comment' ? h('textarea', { rows: 2, 'data-q': q.name }) : h('input', { 'data-q': q.name, type: q.inputType === 'number' ? 'number' : 'text' });
  input.value = v === undefined || v === null ? '' : String(v);
  return { el: input, read: () => (input.value === '' ? undefined : q.inputType === 'number' ? Number(input.value) : input.value) };
}

async function responseView(pid: string, id: string, box: HTMLElement, refresh: () => Promise<void>): Promise<void> {
  clear(box);
  const r = await get<ResponseDetail>(`/api/programmes/${pid}/responses/${id}/detail`);
  const msg = h('div', { 'aria-live': 'polite', id: 'response-msg' });
  const byName = new Map(r.questions.map((q) => [q.name, q]));
  const editors = new Map<string, { el: HTMLElement; read: () => unknown }>();
  const errBox = new Map<string, HTMLElement>();
  const rows = r.questions.map((q) => {
    const ed = q.editable ? editor(q, r.answers[q.name]) : null;
    if (ed) editors.set(q.name, ed);
    const err = h('small', { class: 'field-error', role: 'alert', 'data-error-for': q.name });
    errBox.set(q.name, err);
    return [h('span', null, title(q), ' ', h('small', { class: 'hint', dir: 'ltr' }, q.name)), h('span', { 'data-answer': q.name }, answerText(q, r.answers[q.name])), ed ? h('div', null, ed.el, err) : ''];
  });
  const reason = h('textarea', { rows: 2, id: 'correction-reason', required: true });
  const canCorrect = r.status === 'complete';
  const save = async () => {
    clear(msg);
    for (const e of errBox.values()) clear(e);
    const answers: Answers = { ...r.answers };
    for (const [name, ed] of editors) { const v = ed.read(); if (v === undefined) delete answers[name]; else answers[name] = v; }
    try {
      const res = await post<{ revision: number }>(`/api/programmes/${pid}/responses/${id}/revisions`, { baseRevision: r.revision, answers, reason: reason.value.trim() });
      await responseView(pid, id, box, refresh);
      say(box.querySelector<HTMLElement>('#response-msg')!, t('rs.corrected', { n: res.revision }));
      await refresh();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'answers.invalid') {
        // the version's validator: { errors: { "<question path>": { code, en, ar } } }, shown at each question
        const d = e.details as { errors?: Record<string, { en: string; ar: string }> };
        for (const [path, x] of Object.entries(d.errors ?? {})) {
          const b = errBox.get(path.split(/[.[/]/)[0]);
          if (b) b.textContent = lang() === 'ar' ? x.ar : x.en;
        }
        say(msg, e.message, 'error');
      } else say(msg, errText(e), 'error');
    }
  };
  const exclude = h('button', { type: 'button', 'data-action': r.excludedAt ? 'restore' : 'exclude', onclick: async () => {
    const why = h('textarea', { rows: 2, id: 'exclude-reason' });
    if (!r.excludedAt && !(await confirmDialog(t('rs.exclude'), h('div', null, h('p', null, t('rs.excludeConfirm')), field(t('rs.reason'), why)), t('rs.exclude'), 'exclude-dialog'))) return;
    try {
      await post(`/api/programmes/${pid}/responses/${id}/${r.excludedAt ? 'restore' : 'exclude'}`, r.excludedAt ? {} : { reason: why.value.trim() });
      await responseView(pid, id, box, refresh); await refresh();
    } catch (e) { say(msg, errText(e), 'error'); }
  } }, r.excludedAt ? t('rs.restore') : t('rs.exclude'));
  const history = await get<History>(`/api/programmes/${pid}/responses/${id}/revisions`).catch(() => null);
  box.append(h('section', { class: 'panel', id: 'response-view', 'data-revision': r.revision },
    h('h2', { tabindex: '-1' }, `${r.stakeholder ? locField(r.stakeholder, 'name') : '–'} · ${label('rs.status', r.status)} · ${fmtDate(r.submittedAt, true)}`),
    r.excludedAt ? notice(t('rs.excludedBecause', { reason: r.excludedReason ?? '' }), 'error') : null, msg,
    h('div', { class: 'actions' }, exclude),
    table([t('rs.question'), t('rs.answer'), canCorrect ? t('rs.correct') : ''], rows),
    canCorrect ? h('div', { class: 'grid-form' }, field(t('rs.reason'), reason),
      h('button', { type: 'button', class: 'primary', 'data-action': 'save-correction', onclick: () => void save() }, t('rs.saveCorrection'))) : null,
    history?.revisions.length ? h('div', { id: 'revision-history' }, h('h3', null, t('rs.history')), history.revisions.map((rev) => h('div', { class: 'revision' },
      h('p', null, h('strong', null, `#${rev.revision}`), ` ${fmtDate(rev.createdAt, true)} · ${rev.createdBy.name} · ${rev.reason}`),
      table([t('rs.question'), t('rs.before'), t('rs.after')], rev.changes.map((c) => {
        const q = byName.get(c.key);
        return [q ? title(q) : c.key, answerText(q, c.before), answerText(q, c.after)];
      }))))) : null));
  (box.querySelector('h2') as HTMLElement | null)?.focus();
}

export async function responsesPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('rs.title')));
  const waves = await get<Array<{ id: string; kind: string; nameEn: string; nameAr: string }>>(`/api/programmes/${pid}/waves`);
  if (ctx.stale()) return;
  if (!waves.length) { ctx.main.append(notice(t('rates.noWaves'))); return; }
  const q = ctx.query;
  const waveId = q.get('wave') ?? waves[0].id;
  const offset = Number(q.get('offset') ?? 0) || 0;
  const go = (changes: Record<string, string>) => {
    const p = new URLSearchParams(q);
    for (const [k, v] of Object.entries(changes)) if (v) p.set(k, v); else p.delete(k);
    location.hash = `#/programmes/${pid}/responses?${p.toString()}`;
  };
  const search = h('input', { type: 'search', id: 'responses-search', value: q.get('q') ?? '' });
  const status = h('select', { id: 'responses-status' }, h('option', { value: '' }, t('common.all')), (['complete', 'draft'] as const).map((s) => h('option', { value: s, selected: q.get('status') === s }, t(`rs.status.${s}` as MessageKey))));
  const sex = h('select', { id: 'responses-sex' }, h('option', { value: '' }, t('common.all')), (['female', 'male', 'other', 'undisclosed'] as const).map((s) => h('option', { value: s, selected: q.get('sex') === s }, t(`sex.${s}`))));
  const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  for (const k of ['status', 'sex', 'q']) { const v = q.get(k); if (v) params.set(k, v); }
  const list = h('div', { id: 'responses-list' });
  const detail = h('div', { id: 'response-detail' });
  const load = async () => {
    const page = await get<{ total: number; items: ResponseRow[] }>(`/api/programmes/${pid}/waves/${waveId}/responses?${params.toString()}`);
    clear(list);
    const pages = Math.max(1, Math.ceil(page.total / PAGE));
    list.append(h('p', { id: 'responses-total' }, t('rs.count', { n: plural('responses', page.total) })),
      page.items.length ? table([t('rates.stakeholder'), t('rates.institution'), t('stake.sex'), t('common.status'), t('rs.submitted'), t('common.actions')],
        page.items.map((r) => [r.stakeholder ? locField(r.stakeholder, 'name') : '–',
          r.stakeholder ? (lang() === 'ar' ? r.stakeholder.institutionAr || r.stakeholder.institutionEn : r.stakeholder.institutionEn) || r.stakeholder.institution : '–',
          label('sex', r.stakeholder?.sex), h('span', { 'data-status': r.status }, label('rs.status', r.status), r.excludedAt ? ` · ${t('rs.excluded')}` : ''),
          fmtDate(r.submittedAt), h('button', { type: 'button', 'data-action': 'open-response', 'data-id': r.id, onclick: () => void responseView(pid, r.id, detail, load) }, t('rs.view'))])) : notice(t('common.none')),
      h('div', { class: 'actions pager' }, h('button', { type: 'button', disabled: offset === 0, onclick: () => go({ offset: String(Math.max(0, offset - PAGE)) }) }, t('rs.prev')),
        h('span', null, t('rs.page', { p: Math.floor(offset / PAGE) + 1, n: pages })),
        h('button', { type: 'button', disabled: offset + PAGE >= page.total, onclick: () => go({ offset: String(offset + PAGE) }) }, t('rs.next'))));
  };
  ctx.main.append(waveSelect(waves, waveId, (id) => go({ wave: id, offset: '' })),
    h('form', { class: 'grid-form', id: 'responses-filter', onsubmit: (e: Event) => { e.preventDefault(); go({ q: search.value.trim(), status: status.value, sex: sex.value, offset: '' }); } },
      field(t('rs.search'), search), field(t('common.status'), status), field(t('stake.sex'), sex), h('button', { type: 'submit' }, t('common.open'))),
    list, detail);
  await load();
  const open = q.get('response');
  if (open) await responseView(pid, open, detail, load);
}
