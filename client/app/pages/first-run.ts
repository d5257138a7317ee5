// First run and new programmes: the "Create your first programme" panel of an empty install, the new-programme form
// (system administrators) with quarterly reporting periods by default, and the list of archived programmes.
import { t } from '../../i18n';
import { get, list, post } from '../api';
import { clear, field, h, locField } from '../dom';
import { go, pHref, state } from '../state';
import { input, select, showError } from '../own-ui';

interface ProgrammeLite { id: string; code: string; nameEn: string; nameAr: string; archivedAt?: string | null }

/** What the programmes page shows above (or instead of) the list: first-run guidance, new programme, archived ones. */
export function programmesExtras(programmes: ProgrammeLite[]): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (!state.user?.isAdmin) {
    if (!programmes.length) out.push(h('p', { class: 'notice', id: 'no-programmes' }, t('own.noProgrammesAsk')));
    return out;
  }
  if (!programmes.length) {
    out.push(h('section', { class: 'card first-run', id: 'first-run' },
      h('h2', null, t('own.firstTitle')), h('p', { class: 'lead' }, t('own.firstLead')),
      h('ol', null, h('li', null, t('own.stepProgramme')), h('li', null, t('own.stepInstitutions')), h('li', null, t('own.stepLogframe')),
        h('li', null, t('own.stepQuestionnaire'))),
      h('a', { href: '#/new-programme', class: 'button primary', id: 'create-first' }, t('own.firstButton'))));
  } else {
    out.push(h('p', null, h('a', { href: '#/new-programme', class: 'button', id: 'new-programme' }, t('own.newProgramme'))));
  }
  const archived = h('div', { id: 'archived-list' });
  out.push(h('details', { class: 'archived', ontoggle: async (e: Event) => {
    if (!(e.target as HTMLDetailsElement).open || archived.childElementCount) return;
    const rows = list<ProgrammeLite>(await get('/api/programmes?archived=only'));
    archived.append(rows.length ? h('ul', null, rows.map((p) => h('li', null, h('a', { href: pHref(p.id, 'settings') }, `${p.code} · ${locField(p, 'name')}`))))
      : h('p', { class: 'hint' }, t('own.noArchived')));
  } }, h('summary', null, t('own.archived')), archived));
  return out;
}

const today = () => new Date().toISOString().slice(0, 10);
const inYears = (n: number) => { const d = new Date(); d.setUTCFullYear(d.getUTCFullYear() + n); d.setUTCDate(d.getUTCDate() - 1); return d.toISOString().slice(0, 10); };

/** The new-programme form (system administrators); after creation the set-up continues on the programme's settings. */
export async function newProgrammePage(main: HTMLElement): Promise<void> {
  main.append(h('h1', null, t('own.newTitle')));
  if (!state.user?.isAdmin) { main.append(h('p', { class: 'notice error' }, t('common.forbidden'))); return; }
  const f = {
    code: input({ name: 'code', required: true, dir: 'ltr', pattern: '[A-Za-z0-9_-]{1,40}', maxlength: 40 }),
    nameEn: input({ name: 'nameEn', required: true }), nameAr: input({ name: 'nameAr', dir: 'rtl', lang: 'ar' }),
    donorEn: input({ name: 'donorEn' }), donorAr: input({ name: 'donorAr', dir: 'rtl', lang: 'ar' }),
    startsOn: input({ name: 'startsOn', type: 'date', required: true, value: today() }),
    endsOn: input({ name: 'endsOn', type: 'date', required: true, value: inYears(3) }),
    defaultLanguage: select([['en', t('lang.en')], ['ar', t('lang.ar')]], 'en', { name: 'defaultLanguage' }),
    periods: select([['quarterly', t('own.periodsQuarterly')], ['none', t('own.periodsNone')]], 'quarterly', { name: 'periods' }),
  };
  const msg = h('div', { 'aria-live': 'polite', id: 'new-msg' });
  const form = h('form', { class: 'panel grid-form', id: 'new-programme-form', novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    clear(msg);
    try {
      const p = await post<{ id: string }>('/api/programmes', {
        code: f.code.value.trim(), nameEn: f.nameEn.value, nameAr: f.nameAr.value, donorEn: f.donorEn.value, donorAr: f.donorAr.value,
        startsOn: f.startsOn.value, endsOn: f.endsOn.value, defaultLanguage: f.defaultLanguage.value, periods: f.periods.value,
      });
      state.programme = null;
      go(`${pHref(p.id, 'settings')}?setup=1`);
    } catch (err) { showError(msg, err, f, form); }
  } },
  h('h2', null, t('own.stepProgramme')), h('p', { class: 'hint' }, t('own.newHint')),
  field(t('common.code'), f.code, t('own.codeHint')), field(t('own.nameEn'), f.nameEn), field(t('own.nameAr'), f.nameAr),
  field(t('own.donorEn'), f.donorEn), field(t('own.donorAr'), f.donorAr), field(t('own.startsOn'), f.startsOn), field(t('own.endsOn'), f.endsOn),
  field(t('own.defaultLanguage'), f.defaultLanguage), field(t('own.periods'), f.periods),
  msg, h('button', { type: 'submit', class: 'primary', id: 'create-programme' }, t('own.createProgramme')));
  main.append(form);
  f.code.focus();
}
