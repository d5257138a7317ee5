// Questionnaires page: upload a SurveyJS JSON or an XLSForm, preview in both languages with the real SurveyJS renderer,
// lint, publish.
import { lang, t, type MessageKey } from '../../i18n';
import { client, post, put } from '../api';
import { clear, field, fmtDate, h, locField, notice, table } from '../dom';
import type { PageCtx } from '../state';
import { errText, say } from './manage';

function parseJson(text: string): unknown { return JSON.parse(text); }

export async function questionnairesPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('q.title')));
  const qs = await client.questionnaires(pid);
  if (ctx.stale()) return;
  const msg = h('div', { 'aria-live': 'polite', id: 'q-msg' });
  const detail = h('div', { id: 'q-detail' });
  ctx.main.append(msg, table([t('common.code'), t('common.name'), t('q.versions'), t('q.draft'), t('common.actions')],
    qs.map((q) => [h('code', { dir: 'ltr' }, q.code), locField(q, 'title'), String(q.latestVersion ?? '–'), q.hasDraft ? t('common.yes') : t('common.no'),
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
      const q = await post<{ id: string }>(`/api/programmes/${pid}/questionnaires`, { code: code.value, titleEn: titleEn.value, titleAr: titleAr.value, definition });
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
  const q = await client.questionnaire(pid, qid);
  const latest = q.versions.at(-1);
  const def = q.draft ?? (latest ? (await client.questionnaireVersion(pid, qid, latest.version)).definition : {});
  const json = h('textarea', { rows: 10, dir: 'ltr', spellcheck: 'false', id: 'q-draft' });
  json.value = JSON.stringify(def, null, 2);
  const findings = h('div', { id: 'q-findings', 'aria-live': 'polite' });
  const preview = h('div', { class: 'previews' });
  const current = () => parseJson(json.value);
  const act = (label: MessageKey, id: string, fn: () => Promise<void>) => h('button', { type: 'button', id, onclick: async () => {
    try { await fn(); } catch (err) { say(msg, err instanceof SyntaxError ? t('q.badJson', { msg: err.message }) : errText(err), 'error'); }
  } }, t(label));
  box.append(h('section', { class: 'panel' }, h('h2', { tabindex: '-1' }, `${q.code} — ${locField(q, 'title')}`),
    h('p', { class: 'hint' }, `${t('q.versions')}: ${q.versions.map((v) => `v${v.version} (${fmtDate(v.publishedAt)})`).join(', ') || '–'}`),
    field(t('q.definition'), json),
    h('div', { class: 'actions' },
      act('q.saveDraft', 'q-save', async () => { await put(`/api/programmes/${pid}/questionnaires/${qid}/draft`, { definition: current() }); say(msg, t('q.saved')); }),
      act('q.lint', 'q-lint', async () => {
        clear(findings);
        await put(`/api/programmes/${pid}/questionnaires/${qid}/draft`, { definition: current() });
        const items = (await client.lintDraft(pid, qid)).findings;
        const sev = (x: string) => t((`q.sev.${x}`) as MessageKey);
        findings.append(h('h3', null, t('q.findings')), items.length ? table([t('q.severity'), t('q.where'), t('q.message')],
          items.map((f) => [h('span', { class: `badge ${f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : 'none'}` }, sev(f.severity)),
            h('code', { dir: 'ltr' }, f.question ?? f.path ?? ''), lang() === 'ar' ? f.ar : f.en])) : notice(t('q.noFindings'), 'ok'));
      }),
      act('q.preview', 'q-preview', async () => { clear(preview); await renderPreviews(current(), preview); }),
      act('q.publish', 'q-publish', async () => {
        await put(`/api/programmes/${pid}/questionnaires/${qid}/draft`, { definition: current() });
        const v = await post<{ version: number }>(`/api/programmes/${pid}/questionnaires/${qid}/publish`, {});
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
