// Management pages: questionnaires (upload SurveyJS JSON, preview in both languages with the real SurveyJS renderer,
// lint, publish), indicators (a form-based formula editor with live preview), users and roles, audit trail.
import { lang, t, type MessageKey } from '../../i18n';
import { ApiError, get, list, patch, post, put } from '../api';
import { clear, field, fmtDate, h, locField, notice, table } from '../dom';
import type { PageCtx } from '../state';
import { errText, say } from './manage';
import { formulaWords, loadQuestions } from './indicator';
import { fmtValue } from '../values';

function parseJson(text: string): unknown { return JSON.parse(text); }

export async function questionnairesPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('q.title')));
  const qs = list(await get(`/api/programmes/${pid}/questionnaires`));
  if (ctx.stale()) return;
  const msg = h('div', { 'aria-live': 'polite', id: 'q-msg' });
  const detail = h('div', { id: 'q-detail' });
  ctx.main.append(msg, table([t('common.code'), t('common.name'), t('q.versions'), t('q.draft'), t('common.actions')],
    qs.map((q: any) => [h('code', { dir: 'ltr' }, q.code), locField(q, 'title'), String(q.latestVersion ?? '–'), q.hasDraft ? t('common.yes') : t('common.no'),
      h('button', { type: 'button', 'data-q': q.id, onclick: () => void questionnaireDetail(pid, q.id, detail, msg) }, t('common.open'))])), detail);
  const code = h('input', { name: 'code', required: true, dir: 'ltr', pattern: '[A-Za-z0-9_-]{1,60}' });
  const titleEn = h('input', { name: 'titleEn', required: true }), titleAr = h('input', { name: 'titleAr', dir: 'rtl', lang: 'ar' });
  const json = h('textarea', { rows: 6, dir: 'ltr', spellcheck: 'false', id: 'q-json' });
  const file = h('input', { type: 'file', accept: `.json,application/json,.xlsx,${XLSX_TYPE}`, onchange: async () => { const f = file.files?.[0]; if (f && !isXlsx(f)) json.value = await f.text(); } });
  ctx.main.append(h('form', { class: 'panel grid-form', onsubmit: async (e: Event) => {
    e.preventDefault();
    const xf = file.files?.[0];
    if (xf && isXlsx(xf)) { await importXlsx(pid, xf, { code: code.value, titleEn: titleEn.value, titleAr: titleAr.value }, detail, msg); return; }
    let definition: unknown;
    try { definition = parseJson(json.value); } catch (err) { say(msg, t('q.badJson', { msg: (err as Error).message }), 'error'); return; }
    try {
      const q = await post(`/api/programmes/${pid}/questionnaires`, { code: code.value, titleEn: titleEn.value, titleAr: titleAr.value, definition });
      say(msg, t('q.saved')); void questionnaireDetail(pid, q.id, detail, msg);
    } catch (err) { say(msg, errText(err), 'error'); }
  } }, h('h2', null, t('q.new')), field(t('common.code'), code), field(t('q.titleEn'), titleEn), field(t('q.titleAr'), titleAr),
  field(t('q.file'), file), field(t('q.json'), json), h('button', { type: 'submit', class: 'primary' }, t('q.saveDraft'))));
}

// XLSForm upload (issue 19): the .xlsx goes to the server as base64; the new draft opens like an uploaded JSON one.
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const isXlsx = (f: File) => /\.xlsx$/i.test(f.name) || f.type === XLSX_TYPE;
function base64Of(f: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => { const url = String(r.result); resolve(url.slice(url.indexOf(',') + 1)); };
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(f);
  });
}
async function importXlsx(pid: string, f: File, fields: { code: string; titleEn: string; titleAr: string }, detail: HTMLElement, msg: HTMLElement): Promise<void> {
  try {
    const body: Record<string, string> = { file: await base64Of(f) };
    for (const [k, v] of Object.entries(fields)) if (v.trim()) body[k] = v.trim();
    const r: { questionnaire: { id: string }; warnings: unknown[] } = await post(`/api/programmes/${pid}/questionnaires/import-xlsform`, body);
    say(msg, t('q.xlsxImported', { n: r.warnings.length })); void questionnaireDetail(pid, r.questionnaire.id, detail, msg);
  } catch (err) { say(msg, errText(err), 'error'); }
}

async function questionnaireDetail(pid: string, qid: string, box: HTMLElement, msg: HTMLElement): Promise<void> {
  clear(box);
  const q = await get(`/api/programmes/${pid}/questionnaires/${qid}`);
  const latest = list(q.versions).at(-1);
  const def = q.draft ?? (latest ? (await get(`/api/programmes/${pid}/questionnaires/${qid}/versions/${latest.version}`)).definition : {});
  const json = h('textarea', { rows: 10, dir: 'ltr', spellcheck: 'false', id: 'q-draft' });
  json.value = JSON.stringify(def, null, 2);
  const findings = h('div', { id: 'q-findings', 'aria-live': 'polite' });
  const preview = h('div', { class: 'previews' });
  const current = () => parseJson(json.value);
  const act = (label: MessageKey, id: string, fn: () => Promise<void>) => h('button', { type: 'button', id, onclick: async () => {
    try { await fn(); } catch (err) { say(msg, err instanceof SyntaxError ? t('q.badJson', { msg: err.message }) : errText(err), 'error'); }
  } }, t(label));
  box.append(h('section', { class: 'panel' }, h('h2', { tabindex: '-1' }, `${q.code} — ${locField(q, 'title')}`),
    h('p', { class: 'hint' }, `${t('q.versions')}: ${list(q.versions).map((v: any) => `v${v.version} (${fmtDate(v.publishedAt)})`).join(', ') || '–'}`),
    field(t('q.definition'), json),
    h('div', { class: 'actions' },
      act('q.saveDraft', 'q-save', async () => { await put(`/api/programmes/${pid}/questionnaires/${qid}/draft`, { definition: current() }); say(msg, t('q.saved')); }),
      act('q.lint', 'q-lint', async () => {
        clear(findings);
        try {
          await put(`/api/programmes/${pid}/questionnaires/${qid}/draft`, { definition: current() });
          const r = await post(`/api/programmes/${pid}/questionnaires/${qid}/lint`, {});
          const items = list(r, 'findings');
          const sev = (x: string) => t((`q.sev.${x}`) as MessageKey);
          findings.append(h('h3', null, t('q.findings')), items.length ? table([t('q.severity'), t('q.where'), t('q.message')],
            items.map((f: any) => [h('span', { class: `badge ${f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : 'none'}` }, sev(f.severity)),
              h('code', { dir: 'ltr' }, f.question ?? f.path ?? ''), lang() === 'ar' ? f.ar : f.en])) : notice(t('q.noFindings'), 'ok'));
        } catch (e) { if (e instanceof ApiError && e.status === 404) findings.append(notice(t('common.notAvailable', { what: t('q.lint') }))); else throw e; }
      }),
      act('q.preview', 'q-preview', async () => { clear(preview); await renderPreviews(current(), preview); }),
      act('q.publish', 'q-publish', async () => {
        await put(`/api/programmes/${pid}/questionnaires/${qid}/draft`, { definition: current() });
        const v = await post(`/api/programmes/${pid}/questionnaires/${qid}/publish`, {});
        say(msg, t('q.published', { v: v.version }));
      })),
    findings, preview));
  (box.querySelector('h2') as HTMLElement).focus();
}

/** The real SurveyJS renderer (loaded on demand), side by side in English and Arabic. */
async function renderPreviews(def: unknown, box: HTMLElement): Promise<void> {
  const { renderPreview } = await import('../preview');
  for (const l of ['en', 'ar'] as const) {
    const el = h('div', { class: 'preview', lang: l, dir: l === 'ar' ? 'rtl' : 'ltr', 'data-lang': l });
    box.append(h('section', { class: 'preview-col' }, h('h3', null, t('q.previewLang', { lang: t(`lang.${l}`) })), el));
    renderPreview(def, l, el);
  }
}

const KINDS = ['share', 'count', 'mean', 'median', 'sum'] as const;
const OPS = ['>=', '<=', '>', '<', '=', '!=', 'in', 'anyOf'] as const;

export async function indicatorsManagePage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('indm.title')));
  const [inds, qs] = await Promise.all([get(`/api/programmes/${pid}/indicators`), loadQuestions(pid)]);
  if (ctx.stale()) return;
  const editor = h('div', { id: 'ind-editor' });
  ctx.main.append(table([t('common.code'), t('common.name'), t('ind.unit'), t('ind.formula'), t('common.actions')],
    list(inds, 'indicators').map((i: any) => [i.code, locField(i, 'name'), t(`unit.${i.unit}` as MessageKey), formulaWords(i.formula, qs),
      h('button', { type: 'button', onclick: () => editFormula(pid, i, qs, editor) }, t('indm.edit'))])), editor);
}

function editFormula(pid: string, ind: any, qs: Awaited<ReturnType<typeof loadQuestions>>, box: HTMLElement): void {
  clear(box);
  const f = ind.formula ?? {};
  const simple = KINDS.includes(f.kind) && f.item?.kind === 'question';
  const kind = h('select', null, KINDS.map((k) => h('option', { value: k, selected: f.kind === k }, k)));
  const item = h('select', null, [...qs.entries()].map(([name, q]) => h('option', { value: name, selected: f.item?.name === name }, `${name} — ${q.title}`)));
  const op = h('select', null, OPS.map((o) => h('option', { value: o, selected: f.condition?.op === o }, o)));
  const value = h('input', { dir: 'ltr', value: f.condition?.values?.join(',') ?? f.condition?.value ?? '' });
  const words = h('p', { class: 'formula', 'aria-live': 'polite' });
  const live = h('p', { 'aria-live': 'polite', class: 'hint' });
  const msg = h('div', { 'aria-live': 'polite' });
  const build = () => {
    const v = value.value.trim();
    const scalar = (x: string) => (x === 'true' ? true : x === 'false' ? false : x !== '' && !Number.isNaN(Number(x)) ? Number(x) : x);
    const cond = op.value === 'in' || op.value === 'anyOf' ? { op: op.value, values: v.split(',').map((x) => scalar(x.trim())) } : { op: op.value, value: scalar(v) };
    return ['share', 'count'].includes(kind.value) ? { kind: kind.value, item: { kind: 'question', name: item.value }, condition: cond } : { kind: kind.value, item: { kind: 'question', name: item.value } };
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    const formula = build();
    words.textContent = formulaWords(formula, qs);
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const r = await post(`/api/programmes/${pid}/indicators/preview`, { formula, unit: ind.unit });
        const c = r.latest ?? r.value ?? r;
        live.textContent = t('indm.previewValue', { v: fmtValue(ind.unit, c.value ?? null), n: c.n ?? '–' });
      } catch (e) { live.textContent = e instanceof ApiError && e.status === 404 ? t('common.notAvailable', { what: t('indm.preview') }) : errText(e); }
    }, 300);
  };
  for (const el of [kind, item, op, value]) el.addEventListener('input', refresh);
  box.append(h('form', { class: 'panel grid-form', onsubmit: async (e: Event) => {
    e.preventDefault();
    try { await patch(`/api/programmes/${pid}/indicators/${ind.id}`, { formula: build() }); say(msg, t('indm.saved')); } catch (err) { say(msg, errText(err), 'error'); }
  } }, h('h2', null, `${t('indm.edit')}: ${ind.code}`), simple ? null : notice(formulaWords(f, qs)),
  field(t('indm.kind'), kind), field(t('indm.item'), item), field(t('indm.op'), op), field(t('indm.value'), value),
  h('h3', null, t('indm.preview')), words, live, msg, h('button', { type: 'submit', class: 'primary' }, t('common.save'))));
  refresh();
}

export async function usersPage(ctx: PageCtx): Promise<void> {
  ctx.main.append(h('h1', null, t('users.title')));
  const users = list(await get('/api/users'));
  if (ctx.stale()) return;
  const msg = h('div', { 'aria-live': 'polite' });
  const email = h('input', { type: 'email', required: true }), name = h('input', { required: true });
  const admin = h('input', { type: 'checkbox' });
  ctx.main.append(msg, table([t('users.name'), t('common.email'), t('users.admin'), t('common.status')],
    users.map((u: any) => [u.name, u.email, u.isAdmin ? t('common.yes') : t('common.no'), u.disabled ? '✕' : '✓'])),
  h('form', { class: 'panel grid-form', onsubmit: async (e: Event) => {
    e.preventDefault();
    try { await post('/api/users', { email: email.value, name: name.value, isAdmin: admin.checked }); say(msg, t('users.created')); } catch (err) { say(msg, errText(err), 'error'); }
  } }, h('h2', null, t('users.add')), field(t('common.email'), email), field(t('users.name'), name),
  h('label', { class: 'check' }, admin, ` ${t('users.admin')}`), h('button', { type: 'submit', class: 'primary' }, t('common.create'))));
}

export async function auditPage(ctx: PageCtx): Promise<void> {
  ctx.main.append(h('h1', null, t('audit.title')));
  const data = await get(`/api/programmes/${ctx.programme.id}/audit?limit=200`);
  if (ctx.stale()) return;
  ctx.main.append(table([t('audit.when'), t('audit.who'), t('audit.action'), t('audit.target')],
    list(data, 'items').map((e: any) => [fmtDate(e.occurredAt, true), e.actorEmail ?? e.actorKind, h('code', { dir: 'ltr' }, e.action), `${e.targetType ?? ''} ${e.targetId ? e.targetId.slice(0, 8) : ''}`])));
}
