// Logframe editor: the results tree (strategic objective … activity) with add, edit EN/AR, move under another result,
// move up/down, delete with confirmation (refused with the server's message while something hangs below), and the
// indicators of each result with links to the indicator editor.
import { t, type MessageKey } from '../../i18n';
import { del, get, list, patch, post } from '../api';
import { clear, field, h, locField, table } from '../dom';
import { go, pHref, type PageCtx } from '../state';
import { input, select, setupSteps, showError } from '../own-ui';
import { LEVELS, type TLogframeNode } from '../../../contracts/logframe';

const NEXT_LEVEL: Record<string, string> = { impact: 'strategic_objective', strategic_objective: 'specific_objective', specific_objective: 'immediate_outcome',
  immediate_outcome: 'output', output: 'activity', activity: 'activity' };

export async function logframeEditorPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const setup = ctx.query.get('setup') === '1';
  const tree = list<TLogframeNode>(await get(`/api/programmes/${pid}/logframe`));
  if (ctx.stale()) return;
  ctx.main.append(h('h1', null, t('own.logframeTitle')));
  if (setup) ctx.main.append(setupSteps(pid, 'logframe'));
  const msg = h('div', { 'aria-live': 'polite', id: 'lf-msg' });
  const formBox = h('div', { id: 'result-form-box' });
  const flat: TLogframeNode[] = [];
  const walk = (ns: TLogframeNode[], depth: number, out: Array<[TLogframeNode, number]>) => ns.forEach((n) => { flat.push(n); out.push([n, depth]); walk(n.children, depth + 1, out); });
  walk(tree, 0, []);
  const reload = () => go(`${pHref(pid, 'logframe')}${setup ? '?setup=1' : '?'}&r=${Date.now()}`);

  const resultForm = (mode: { kind: 'add'; parent: TLogframeNode | null } | { kind: 'edit'; node: TLogframeNode }) => {
    clear(formBox);
    const node = mode.kind === 'edit' ? mode.node : null;
    const parentId = mode.kind === 'edit' ? mode.node.parentId : mode.parent?.id ?? null;
    const excluded = new Set<string>();
    if (node) { const mark = (n: TLogframeNode) => { excluded.add(n.id); n.children.forEach(mark); }; mark(node); }
    const f = {
      level: select(LEVELS.map((l) => [l, t(`level.${l}` as MessageKey)]), node?.level ?? (mode.kind === 'add' && mode.parent ? NEXT_LEVEL[mode.parent.level] : 'strategic_objective'), { id: 'res-level', name: 'level' }),
      code: input({ id: 'res-code', name: 'code', dir: 'ltr', required: true, value: node?.code ?? '' }),
      statementEn: h('textarea', { id: 'res-en', name: 'statementEn', rows: 2, required: true }),
      statementAr: h('textarea', { id: 'res-ar', name: 'statementAr', rows: 2, dir: 'rtl', lang: 'ar' }),
      parentId: select([['', t('own.topLevel')], ...flat.filter((n) => !excluded.has(n.id)).map((n) => [n.id, `${n.code} · ${locField(n, 'statement')}`] as [string, string])], parentId ?? '', { id: 'res-parent', name: 'parentId' }),
    };
    f.statementEn.value = node?.statementEn ?? ''; f.statementAr.value = node?.statementAr ?? '';
    const fmsg = h('div', { 'aria-live': 'polite' });
    const form: HTMLFormElement = h('form', { class: 'panel grid-form', id: 'result-form', novalidate: true, onsubmit: async (e: Event) => {
      e.preventDefault();
      const body = { level: f.level.value, code: f.code.value.trim(), statementEn: f.statementEn.value, statementAr: f.statementAr.value, parentId: f.parentId.value || null };
      try {
        if (node) await patch(`/api/programmes/${pid}/results/${node.id}`, body); else await post(`/api/programmes/${pid}/results`, body);
        reload();
      } catch (err) { showError(fmsg, err, f, form); }
    } }, h('h2', { tabindex: '-1' }, node ? `${t('own.edit')}: ${node.code}` : t('own.addResult')),
    field(t('own.level'), f.level), field(t('common.code'), f.code), field(t('own.parent'), f.parentId),
    field(t('own.statementEn'), f.statementEn), field(t('own.statementAr'), f.statementAr), fmsg,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'res-save' }, t('common.save')),
      h('button', { type: 'button', onclick: () => clear(formBox) }, t('common.cancel'))));
    formBox.append(form);
    f.code.focus();
  };

  const move = async (n: TLogframeNode, siblings: TLogframeNode[], by: number) => {
    const i = siblings.indexOf(n), j = i + by;
    if (j < 0 || j >= siblings.length) return;
    const ids = siblings.map((s) => s.id);
    [ids[i], ids[j]] = [ids[j], ids[i]];
    try { await post(`/api/programmes/${pid}/results/reorder`, { ids }); reload(); } catch (err) { showError(msg, err, {}); }
  };

  const node = (n: TLogframeNode, siblings: TLogframeNode[]): HTMLElement => h('li', { class: `result level-${n.level}`, 'data-code': n.code },
    h('div', { class: 'row' },
      h('span', { class: 'level' }, t(`level.${n.level}` as MessageKey)), h('strong', { class: 'rcode', dir: 'ltr' }, n.code), h('span', { class: 'stmt' }, locField(n, 'statement')),
      h('span', { class: 'actions' },
        h('button', { type: 'button', class: 'small', 'data-action': 'edit', onclick: () => resultForm({ kind: 'edit', node: n }) }, t('own.edit')),
        h('button', { type: 'button', class: 'small', 'data-action': 'add-child', onclick: () => resultForm({ kind: 'add', parent: n }) }, t('own.addChild')),
        h('a', { class: 'button small', 'data-action': 'add-indicator', href: `${pHref(pid, 'indicator-edit')}/new?result=${n.id}${setup ? '&setup=1' : ''}` }, t('own.addIndicator')),
        h('button', { type: 'button', class: 'small', 'aria-label': t('own.moveUp'), title: t('own.moveUp'), disabled: siblings.indexOf(n) === 0, onclick: () => void move(n, siblings, -1) }, '↑'),
        h('button', { type: 'button', class: 'small', 'aria-label': t('own.moveDown'), title: t('own.moveDown'), disabled: siblings.indexOf(n) === siblings.length - 1, onclick: () => void move(n, siblings, 1) }, '↓'),
        h('button', { type: 'button', class: 'small danger', 'data-action': 'delete', onclick: async () => {
          if (!confirm(t('own.deleteResultConfirm', { code: n.code }))) return;
          try { await del(`/api/programmes/${pid}/results/${n.id}`); reload(); } catch (err) { showError(msg, err, {}); msg.scrollIntoView({ block: 'center' }); }
        } }, t('own.delete')))),
    n.indicators.length ? h('ul', { class: 'inds' }, n.indicators.map((i) => h('li', { 'data-indicator': i.code },
      h('strong', { dir: 'ltr' }, i.code), h('span', null, locField(i, 'name')), h('small', null, t(`unit.${i.unit}` as MessageKey)),
      h('a', { class: 'button small', href: `${pHref(pid, 'indicator-edit')}/${i.id}` }, t('own.edit'))))) : null,
    n.children.length ? h('ul', { class: 'tree' }, n.children.map((c) => node(c, n.children))) : null);

  ctx.main.append(msg);
  if (!tree.length) ctx.main.append(h('p', { class: 'notice', id: 'lf-empty' }, t('own.logframeEmpty')));
  else ctx.main.append(h('ul', { class: 'tree root editor-tree', 'aria-label': t('overview.logframe') }, tree.map((n) => node(n, tree))));
  ctx.main.append(h('p', null, h('button', { type: 'button', class: 'primary', id: 'add-top-result', onclick: () => resultForm({ kind: 'add', parent: null }) }, t('own.addTopResult'))), formBox);
  if (setup && flat.some((n) => n.indicators.length)) {
    ctx.main.append(h('p', null, h('a', { href: pHref(pid, 'questionnaires'), class: 'button primary', id: 'next-questionnaire' }, t('own.nextQuestionnaire'))));
  }
}

/** The Indicators page: every indicator with its result, unit and formula kind, each opening the indicator editor. */
export async function indicatorsListPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const tree = list<TLogframeNode>(await get(`/api/programmes/${pid}/logframe`));
  if (ctx.stale()) return;
  ctx.main.append(h('h1', null, t('indm.title')));
  const rows: Array<[TLogframeNode, TLogframeNode['indicators'][number]]> = [];
  const walk = (ns: TLogframeNode[]) => ns.forEach((n) => { n.indicators.forEach((i) => rows.push([n, i])); walk(n.children); });
  walk(tree);
  if (!rows.length) {
    ctx.main.append(h('p', { class: 'notice', id: 'ind-empty' }, t(tree.length ? 'own.indicatorsEmpty' : 'own.logframeEmpty')),
      h('a', { class: 'button primary', href: pHref(pid, 'logframe') }, t('own.logframeTitle')));
    return;
  }
  ctx.main.append(table([t('common.code'), t('common.name'), t('ind.result'), t('ind.unit'), t('indm.kind'), t('common.actions')], rows.map(([r, i]) => [
    h('code', { dir: 'ltr' }, i.code), locField(i, 'name'), `${r.code} · ${locField(r, 'statement')}`, t(`unit.${i.unit}` as MessageKey),
    t(`fkind.${(i.formula as { kind?: string })?.kind ?? 'share'}` as MessageKey),
    h('a', { class: 'button small', href: `${pHref(pid, 'indicator-edit')}/${i.id}`, 'data-indicator': i.code }, t('own.edit'))])),
  h('p', null, h('a', { class: 'button', href: pHref(pid, 'logframe') }, t('own.logframeTitle'))));
}
