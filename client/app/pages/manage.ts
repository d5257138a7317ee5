// Management pages for officers: stakeholders (table, add, CSV import with a dry-run report) and waves (create,
// invite stakeholders, invitation links, reminders, close).
import { t, type MessageKey } from '../../i18n';
import { get, list, post } from '../api';
import { clear, field, fmtDate, h, locField, notice, table } from '../dom';
import type { PageCtx } from '../state';

export function say(box: HTMLElement, text: string, kind: 'ok' | 'error' = 'ok'): void { clear(box); box.append(notice(text, kind)); }
export const errText = (e: unknown) => {
  const d = (e as { details?: any }).details;
  const issues = list(d?.issues ?? d?.problems ?? d?.errors).map((i: any) => [i.path ?? i.line ?? i.item, i.message ?? i.problem ?? i.reason].filter(Boolean).join(': '));
  return [(e as Error).message, ...issues].join(' — ');
};

export async function stakeholdersPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('stake.title')));
  const data = await get(`/api/programmes/${pid}/stakeholders?limit=1000`);
  if (ctx.stale()) return;
  const items = list(data, 'items');
  const msg = h('div', { 'aria-live': 'polite' });
  const inp = (name: string, attrs: Record<string, any> = {}) => h('input', { name, ...attrs });
  const sexSel = h('select', { name: 'sex' }, h('option', { value: '' }, '–'), (['female', 'male', 'other', 'undisclosed'] as const).map((s) => h('option', { value: s }, t(`sex.${s}`))));
  const langSel = h('select', { name: 'preferredLanguage' }, (['ar', 'en'] as const).map((l) => h('option', { value: l }, t(`lang.${l}`))));
  const fields = { nameEn: inp('nameEn'), nameAr: inp('nameAr', { dir: 'rtl', lang: 'ar' }), institution: inp('institution', { required: true }), department: inp('department'), email: inp('email', { type: 'email' }), phone: inp('phone', { dir: 'ltr' }) };
  const add = h('form', { class: 'panel grid-form', onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      await post(`/api/programmes/${pid}/stakeholders`, { ...Object.fromEntries(Object.entries(fields).map(([k, el]) => [k, el.value])), sex: sexSel.value, preferredLanguage: langSel.value });
      location.reload();
    } catch (err) { say(msg, errText(err), 'error'); }
  } }, h('h2', null, t('stake.add')),
  field(t('stake.nameEn'), fields.nameEn), field(t('stake.nameAr'), fields.nameAr), field(t('stake.institution'), fields.institution),
  field(t('stake.department'), fields.department), field(t('stake.sex'), sexSel), field(t('stake.language'), langSel),
  field(t('common.email'), fields.email), field(t('stake.phone'), fields.phone), h('button', { type: 'submit', class: 'primary' }, t('common.create')));

  const csv = h('textarea', { rows: 5, dir: 'ltr', spellcheck: 'false', id: 'import-csv' });
  const report = h('div', { id: 'import-report', 'aria-live': 'polite' });
  const run = async (dryRun: boolean) => {
    clear(report);
    try {
      const r = await post(`/api/programmes/${pid}/stakeholders/import?dryRun=${dryRun}`, { csv: csv.value });
      showReport(report, r, dryRun);
      if (!dryRun) report.append(notice(t('stake.imported', { n: r.inserted }), 'ok'));
    } catch (err) {
      const d = (err as { details?: any }).details;
      if (d?.errors) showReport(report, d, dryRun); else say(report, errText(err), 'error');
    }
  };
  const imp = h('section', { class: 'panel' }, h('h2', null, t('stake.import')), field(t('stake.csv'), csv),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'import-dry', onclick: () => void run(true) }, t('stake.dryRun')),
      h('button', { type: 'button', class: 'primary', id: 'import-do', onclick: () => void run(false) }, t('stake.doImport'))), report);

  ctx.main.append(msg, table([t('common.name'), t('stake.institution'), t('stake.department'), t('stake.sex'), t('stake.language'), t('common.email')],
    items.map((s: any) => [locField(s, 'name'), s.institution, s.department, s.sex ? t(`sex.${s.sex}` as MessageKey) : '–', t(`lang.${s.preferredLanguage}` as MessageKey), s.email ?? '–'])),
  add, imp);
}

function showReport(box: HTMLElement, r: any, dryRun: boolean): void {
  const problems = [...list(r.errors).map((e: any) => [String(e.line), `${e.column ? e.column + ': ' : ''}${e.reason}`]),
    ...list(r.duplicates).map((d: any) => [String(d.line ?? d.lines ?? ''), `duplicate ${d.reason ?? d.key ?? ''}`])];
  box.append(notice(t('stake.report', { ok: r.valid ?? 0, bad: problems.length }), problems.length ? 'error' : dryRun ? 'info' : 'ok'));
  if (problems.length) box.append(table([t('stake.row'), t('stake.problem')], problems));
}

export async function wavesPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('waves.title')));
  const [waves, qs, st] = await Promise.all([get(`/api/programmes/${pid}/waves`), get(`/api/programmes/${pid}/questionnaires`), get(`/api/programmes/${pid}/stakeholders?limit=1000`)]);
  if (ctx.stale()) return;
  const msg = h('div', { 'aria-live': 'polite', id: 'waves-msg' });
  const detail = h('div', { id: 'wave-detail' });
  ctx.main.append(msg, table([t('common.name'), t('waves.kind'), t('waves.opens'), t('waves.closes'), t('common.status'), t('common.actions')],
    list(waves).map((w: any) => [locField(w, 'name'), t(`kind.${w.kind}` as MessageKey), fmtDate(w.opensAt), fmtDate(w.closesAt), w.isOpen ? t('waves.open') : t('waves.closed'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-wave': w.id, 'data-action': 'invite', onclick: () => void inviteView(pid, w, list(st, 'items'), detail) }, t('waves.invite')),
        h('button', { type: 'button', 'data-action': 'remind', disabled: !w.isOpen, onclick: async () => {
          try { const r = await post(`/api/programmes/${pid}/waves/${w.id}/reminders/send`, { onlyStarted: false }); say(msg, t('waves.remindersSent', { n: r.sent ?? r.count ?? list(r, 'reminded', 'sent').length })); } catch (e) { say(msg, errText(e), 'error'); }
        } }, t('waves.remindAll')),
        h('button', { type: 'button', 'data-action': 'close', disabled: !!w.closedAt, onclick: async () => {
          try { await post(`/api/programmes/${pid}/waves/${w.id}/close`, {}); say(msg, t('waves.closedOk')); } catch (e) { say(msg, errText(e), 'error'); }
        } }, t('waves.closeWave')))])), detail);

  // create: a published version of a questionnaire
  const versions: Array<{ id: string; label: string }> = [];
  for (const q of list(qs)) {
    const full = await get(`/api/programmes/${pid}/questionnaires/${q.id}`).catch(() => null);
    for (const v of list(full?.versions)) versions.push({ id: v.id, label: `${locField(q, 'title')} v${v.version}` });
  }
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const f = {
    kind: h('select', { name: 'kind' }, (['baseline', 'midline', 'endline', 'monitoring'] as const).map((k) => h('option', { value: k }, t(`kind.${k}`)))),
    nameEn: h('input', { name: 'nameEn', required: true }), nameAr: h('input', { name: 'nameAr', dir: 'rtl', lang: 'ar' }),
    opensAt: h('input', { type: 'date', name: 'opensAt', required: true, value: iso(new Date(Date.now() - 86400000)) }),
    closesAt: h('input', { type: 'date', name: 'closesAt', required: true, value: iso(new Date(Date.now() + 60 * 86400000)) }),
    version: h('select', { name: 'questionnaireVersionId', required: true }, versions.reverse().map((v) => h('option', { value: v.id }, v.label))),
  };
  ctx.main.append(h('form', { class: 'panel grid-form', id: 'wave-create', onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      const w = await post(`/api/programmes/${pid}/waves`, { kind: f.kind.value, nameEn: f.nameEn.value, nameAr: f.nameAr.value,
        opensAt: new Date(f.opensAt.value).toISOString(), closesAt: new Date(f.closesAt.value).toISOString(), questionnaireVersionId: f.version.value });
      location.hash = `#/programmes/${pid}/waves?created=${w.id}`;
    } catch (err) { say(msg, errText(err), 'error'); }
  } }, h('h2', null, t('waves.create')), field(t('waves.kind'), f.kind), field(t('waves.nameEn'), f.nameEn), field(t('waves.nameAr'), f.nameAr),
  field(t('waves.opens'), f.opensAt), field(t('waves.closes'), f.closesAt), field(t('waves.version'), f.version),
  h('button', { type: 'submit', class: 'primary' }, t('common.create'))));
  if (ctx.query.get('created')) say(msg, t('waves.created'));
}

async function inviteView(pid: string, w: any, stakeholders: any[], box: HTMLElement): Promise<void> {
  clear(box);
  const invs = list(await get(`/api/programmes/${pid}/waves/${w.id}/invitations`));
  const invited = new Set(invs.map((i: any) => i.stakeholderId ?? i.stakeholder?.id));
  const msg = h('div', { 'aria-live': 'polite', id: 'invite-msg' });
  const boxes = stakeholders.filter((s) => !invited.has(s.id)).map((s) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', value: s.id, 'data-name': s.nameEn }), ` ${locField(s, 'name')} (${s.institution})`));
  const links = h('div', { id: 'invite-links' });
  box.append(h('section', { class: 'panel' }, h('h2', { tabindex: '-1' }, `${t('waves.invitations')}: ${locField(w, 'name')}`),
    invs.length ? table([t('rates.stakeholder'), t('rates.institution'), t('common.status'), t('rates.lastContact')],
      invs.map((i: any) => [locField(i.stakeholder, 'name'), i.stakeholder?.institution ?? '', t(`rates.${i.status}` as MessageKey) === `rates.${i.status}` ? i.status : t(`rates.${i.status}` as MessageKey), fmtDate(i.lastContact?.at)])) : null,
    h('fieldset', { class: 'checks' }, h('legend', null, t('waves.choose')), boxes.length ? boxes : notice(t('common.none'))),
    h('button', { type: 'button', class: 'primary', id: 'invite-submit', onclick: async () => {
      const ids = boxes.map((b) => b.querySelector('input')!).filter((i) => i.checked).map((i) => i.value);
      if (!ids.length) return;
      try {
        const r = await post(`/api/programmes/${pid}/waves/${w.id}/invitations`, { stakeholderIds: ids });
        say(msg, t('waves.invited', { n: list(r.invitations).length }));
        clear(links);
        const name = new Map(stakeholders.map((s) => [s.id, locField(s, 'name')]));
        links.append(h('h3', null, t('waves.links')), table([t('rates.stakeholder'), t('waves.link')],
          list(r.invitations).map((i: any) => [name.get(i.stakeholderId) ?? '', h('code', { class: 'link', dir: 'ltr' }, i.link)])));
      } catch (e) { say(msg, errText(e), 'error'); }
    } }, t('waves.inviteSelected')), msg, links));
  (box.querySelector('h2') as HTMLElement).focus();
}
