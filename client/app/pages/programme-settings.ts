// Programme settings: details (names, donor, dates, default language), archive/restore, reporting periods (editable
// list, reset to quarters), suppression and status thresholds, and the institutions registry.
import { t, type MessageKey } from '../../i18n';
import { get, list, patch, post, put } from '../api';
import { field, h, locField, table } from '../dom';
import { go, pHref, state, type PageCtx } from '../state';
import { input, numOrNull, ok, select, setupSteps, showError } from '../own-ui';
import type { TInstitution, TPeriod, TProgramme } from '../../../contracts/programmes';

export const INSTITUTION_TYPES = ['ministry', 'agency', 'parliament', 'cso', 'international_organisation', 'donor', 'other'] as const;

export async function settingsPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const setup = ctx.query.get('setup') === '1';
  const [prog, periods, settings, institutions] = await Promise.all([
    get<TProgramme>(`/api/programmes/${pid}`), get<TPeriod[]>(`/api/programmes/${pid}/periods`),
    get<{ suppressionThreshold: number; status: { onTrack: number; atRisk: number } }>(`/api/programmes/${pid}/indicator-settings`),
    get<TInstitution[]>(`/api/programmes/${pid}/institutions?archived=true`),
  ]);
  if (ctx.stale()) return;
  const isAdmin = prog.role === 'administrator';
  ctx.main.append(h('h1', null, t('own.settingsTitle')));
  if (setup) ctx.main.append(setupSteps(pid, 'institutions'), h('p', { class: 'notice ok', id: 'created-note' }, t('own.createdNext')));
  if (prog.archivedAt) ctx.main.append(h('p', { class: 'notice', id: 'archived-note' }, t('own.archivedNote')));
  ctx.main.append(detailsSection(prog, isAdmin), institutionsSection(pid, institutions, setup), periodsSection(pid, periods, isAdmin), thresholdsSection(pid, settings));
  if (setup) ctx.main.append(h('p', null, h('a', { href: `${pHref(pid, 'logframe')}?setup=1`, class: 'button primary', id: 'next-logframe' }, t('own.nextLogframe'))));
  if (ctx.query.get('focus') === 'institutions') ctx.main.querySelector<HTMLElement>('#institutions h2')?.focus();
}

function detailsSection(p: TProgramme, isAdmin: boolean): HTMLElement {
  const f = {
    nameEn: input({ name: 'nameEn', value: p.nameEn, required: true }), nameAr: input({ name: 'nameAr', value: p.nameAr, dir: 'rtl', lang: 'ar' }),
    donorEn: input({ name: 'donorEn', value: p.donorEn }), donorAr: input({ name: 'donorAr', value: p.donorAr, dir: 'rtl', lang: 'ar' }),
    startsOn: input({ name: 'startsOn', type: 'date', value: p.startsOn ?? '' }), endsOn: input({ name: 'endsOn', type: 'date', value: p.endsOn ?? '' }),
    defaultLanguage: select([['en', t('lang.en')], ['ar', t('lang.ar')]], p.defaultLanguage, { name: 'defaultLanguage' }),
  };
  if (!isAdmin) Object.values(f).forEach((el) => { el.disabled = true; });
  const msg = h('div', { 'aria-live': 'polite' });
  const form: HTMLFormElement = h('form', { class: 'panel grid-form', id: 'programme-details', onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      await patch(`/api/programmes/${p.id}`, { nameEn: f.nameEn.value, nameAr: f.nameAr.value, donorEn: f.donorEn.value, donorAr: f.donorAr.value,
        ...(f.startsOn.value ? { startsOn: f.startsOn.value } : {}), ...(f.endsOn.value ? { endsOn: f.endsOn.value } : {}), defaultLanguage: f.defaultLanguage.value });
      state.programme = null;
      ok(msg, 'own.saved');
    } catch (err) { showError(msg, err, f, form); }
  } }, h('h2', null, `${t('own.details')} · ${p.code}`),
  field(t('own.nameEn'), f.nameEn), field(t('own.nameAr'), f.nameAr), field(t('own.donorEn'), f.donorEn), field(t('own.donorAr'), f.donorAr),
  field(t('own.startsOn'), f.startsOn), field(t('own.endsOn'), f.endsOn), field(t('own.defaultLanguage'), f.defaultLanguage), msg,
  isAdmin ? h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('common.save')),
    h('button', { type: 'button', class: 'danger', id: p.archivedAt ? 'restore' : 'archive', onclick: async () => {
      if (!p.archivedAt && !confirm(t('own.archiveConfirm'))) return;
      try { await post(`/api/programmes/${p.id}/${p.archivedAt ? 'restore' : 'archive'}`); state.programme = null; go(p.archivedAt ? pHref(p.id, 'settings') : '#/'); } catch (err) { showError(msg, err, {}); }
    } }, t(p.archivedAt ? 'own.restore' : 'own.archive'))) : null);
  return form;
}

function institutionsSection(pid: string, items: TInstitution[], setup: boolean): HTMLElement {
  const box = h('section', { class: 'panel', id: 'institutions' }, h('h2', { tabindex: '-1' }, t('own.institutions')));
  const msg = h('div', { 'aria-live': 'polite', id: 'inst-msg' });
  const typeOptions = INSTITUTION_TYPES.map((x) => [x, t(`itype.${x}` as MessageKey)] as [string, string]);
  const live = items.filter((i) => !i.archivedAt);
  if (!live.length) box.append(h('p', { class: 'notice', id: 'inst-empty' }, t('own.instEmpty')));
  else box.append(table([t('common.code'), t('own.nameEn'), t('own.nameAr'), t('own.type'), t('common.actions')], items.map((i) => [
    h('code', { dir: 'ltr' }, i.code), i.nameEn, h('span', { dir: 'rtl', lang: 'ar' }, i.nameAr), t(`itype.${i.type}` as MessageKey) + (i.archivedAt ? ` (${t('own.archivedShort')})` : ''),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'small', onclick: () => fill(i) }, t('own.edit')),
      h('button', { type: 'button', class: 'small', onclick: async () => {
        try { await patch(`/api/programmes/${pid}/institutions/${i.id}`, { archived: !i.archivedAt }); reload(); } catch (err) { showError(msg, err, {}); }
      } }, t(i.archivedAt ? 'own.restore' : 'own.archive')))]), t('own.institutions')));
  let editing: string | null = null;
  const f = {
    code: input({ name: 'code', required: true, dir: 'ltr', id: 'inst-code' }), nameEn: input({ name: 'nameEn', required: true, id: 'inst-name-en' }),
    nameAr: input({ name: 'nameAr', dir: 'rtl', lang: 'ar', id: 'inst-name-ar' }), type: select(typeOptions, 'ministry', { name: 'type', id: 'inst-type' }),
  };
  const title = h('h3', null, t('own.instAdd'));
  const fill = (i: TInstitution) => { editing = i.id; f.code.value = i.code; f.nameEn.value = i.nameEn; f.nameAr.value = i.nameAr; f.type.value = i.type; title.textContent = `${t('own.edit')}: ${i.code}`; f.nameEn.focus(); };
  const reload = () => go(`${pHref(pid, 'settings')}?focus=institutions&r=${Date.now()}${setup ? '&setup=1' : ''}`);
  const form: HTMLFormElement = h('form', { class: 'grid-form', id: 'inst-form', novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    const body = { code: f.code.value.trim(), nameEn: f.nameEn.value, nameAr: f.nameAr.value, type: f.type.value };
    try {
      if (editing) await patch(`/api/programmes/${pid}/institutions/${editing}`, body); else await post(`/api/programmes/${pid}/institutions`, body);
      reload();
    } catch (err) { showError(msg, err, f, form); }
  } }, title, field(t('common.code'), f.code), field(t('own.nameEn'), f.nameEn), field(t('own.nameAr'), f.nameAr), field(t('own.type'), f.type), msg,
  h('button', { type: 'submit', class: 'primary', id: 'inst-save' }, t('common.save')));
  box.append(form);
  if (setup) setTimeout(() => f.code.focus(), 0);
  return box;
}

function periodsSection(pid: string, periods: TPeriod[], isAdmin: boolean): HTMLElement {
  const box = h('section', { class: 'panel', id: 'periods' }, h('h2', null, t('own.periods')));
  const msg = h('div', { 'aria-live': 'polite', id: 'periods-msg' });
  const body = h('tbody');
  type RowEls = Record<'code' | 'nameEn' | 'nameAr' | 'startsOn' | 'endsOn', HTMLInputElement>;
  const rows: RowEls[] = [];
  const addRow = (p?: Partial<TPeriod>) => {
    const r: RowEls = {
      code: input({ value: p?.code ?? '', dir: 'ltr', 'aria-label': t('common.code'), disabled: !isAdmin }),
      nameEn: input({ value: p?.nameEn ?? '', 'aria-label': t('own.nameEn'), disabled: !isAdmin }),
      nameAr: input({ value: p?.nameAr ?? '', dir: 'rtl', lang: 'ar', 'aria-label': t('own.nameAr'), disabled: !isAdmin }),
      startsOn: input({ type: 'date', value: p?.startsOn ?? '', 'aria-label': t('own.startsOn'), disabled: !isAdmin }),
      endsOn: input({ type: 'date', value: p?.endsOn ?? '', 'aria-label': t('own.endsOn'), disabled: !isAdmin }),
    };
    rows.push(r);
    const tr = h('tr', null, Object.values(r).map((el) => h('td', null, el)),
      h('td', null, isAdmin ? h('button', { type: 'button', class: 'small danger', onclick: () => { rows.splice(rows.indexOf(r), 1); tr.remove(); } }, t('own.remove')) : null));
    body.append(tr);
  };
  periods.forEach((p) => addRow(p));
  if (!periods.length) box.append(h('p', { class: 'notice', id: 'periods-empty' }, t('own.periodsEmpty')));
  box.append(h('table', { class: 'data' }, h('thead', null, h('tr', null, [t('common.code'), t('own.nameEn'), t('own.nameAr'), t('own.startsOn'), t('own.endsOn'), ''].map((x) => h('th', { scope: 'col' }, x)))), body), msg);
  if (isAdmin) {
    box.append(h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => addRow() }, t('own.addPeriod')),
      h('button', { type: 'button', class: 'primary', id: 'periods-save', onclick: async () => {
        const controls: Record<string, HTMLElement> = {};
        rows.forEach((r, i) => Object.entries(r).forEach(([k, el]) => { controls[`periods.${i}.${k}`] = el; }));
        try {
          await put(`/api/programmes/${pid}/periods`, { periods: rows.map((r) => ({ code: r.code.value.trim(), nameEn: r.nameEn.value, nameAr: r.nameAr.value, startsOn: r.startsOn.value, endsOn: r.endsOn.value })) });
          ok(msg, 'own.saved');
        } catch (err) { showError(msg, err, controls, box); }
      } }, t('own.savePeriods')),
      h('button', { type: 'button', id: 'periods-quarters', onclick: async () => {
        if (!confirm(t('own.quartersConfirm'))) return;
        try { await post(`/api/programmes/${pid}/periods/quarters`); go(`${pHref(pid, 'settings')}?r=${Date.now()}`); } catch (err) { showError(msg, err, {}); }
      } }, t('own.resetQuarters'))));
  }
  return box;
}

function thresholdsSection(pid: string, s: { suppressionThreshold: number; status: { onTrack: number; atRisk: number } }): HTMLElement {
  const f = {
    suppressionThreshold: input({ type: 'number', min: 1, max: 100, step: 1, value: s.suppressionThreshold, id: 'set-suppression' }),
    onTrack: input({ type: 'number', min: 0, max: 1000, step: 1, value: Math.round(s.status.onTrack * 100), id: 'set-ontrack' }),
    atRisk: input({ type: 'number', min: 0, max: 1000, step: 1, value: Math.round(s.status.atRisk * 100), id: 'set-atrisk' }),
  };
  const msg = h('div', { 'aria-live': 'polite' });
  const form: HTMLFormElement = h('form', { class: 'panel grid-form', id: 'thresholds', onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      await patch(`/api/programmes/${pid}/indicator-settings`, { suppressionThreshold: numOrNull(f.suppressionThreshold) ?? 3,
        status: { onTrack: (numOrNull(f.onTrack) ?? 75) / 100, atRisk: (numOrNull(f.atRisk) ?? 40) / 100 } });
      ok(msg, 'own.saved');
    } catch (err) { showError(msg, err, { ...f, status: f.onTrack }, form); }
  } }, h('h2', null, t('own.thresholds')),
  field(t('own.suppression'), f.suppressionThreshold, t('own.suppressionHint')), field(t('own.onTrack'), f.onTrack, t('own.onTrackHint')),
  field(t('own.atRisk'), f.atRisk, t('own.atRiskHint')), msg, h('button', { type: 'submit', class: 'primary' }, t('common.save')));
  return form;
}

/** Institution names by code, for pages that show institutions. */
export async function institutionNames(pid: string): Promise<Map<string, TInstitution>> {
  return new Map(list<TInstitution>(await get(`/api/programmes/${pid}/institutions?archived=true`)).map((i) => [i.code, i]));
}
export const institutionLabel = (i: TInstitution | undefined, code: string) => (i ? locField(i, 'name') : code);
