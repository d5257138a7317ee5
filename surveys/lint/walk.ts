// Walks a SurveyJS definition for the linter: every localisable string with its JSON path, the elements that carry
// conditions, and the page/panel groups; the question index itself comes from surveys/definition.ts.
import { parseDefinition, questionIndex, type TDefinition, type TElementJson } from '../definition';
import type { ConditionHost, ElementGroup, LintContext, LintInput, TextEntry } from './types';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** en/ar of a localisable value without any fallback (a plain string is English only). */
export function languages(v: unknown): { en?: string; ar?: string } {
  if (typeof v === 'string') return { en: v };
  if (isObj(v)) {
    const s = (x: unknown) => (typeof x === 'string' ? x : undefined);
    return { en: s(v.default) ?? s(v.en), ar: s(v.ar) };
  }
  return {};
}

type Sev = 'error' | 'warning';
const SURVEY_PROPS: Array<[string, Sev]> = [['title', 'error'], ['description', 'warning'], ['completedHtml', 'warning'],
  ['completedBeforeHtml', 'warning'], ['loadingHtml', 'warning'], ['startSurveyText', 'warning'], ['pagePrevText', 'warning'],
  ['pageNextText', 'warning'], ['completeText', 'warning']];
const PAGE_PROPS: Array<[string, Sev]> = [['title', 'error'], ['description', 'warning'], ['navigationTitle', 'warning'], ['navigationDescription', 'warning']];
const PANEL_PROPS: Array<[string, Sev]> = [['title', 'error'], ['description', 'warning'], ['templateTitle', 'error'],
  ['panelAddText', 'warning'], ['panelRemoveText', 'warning'], ['noEntriesText', 'warning'], ['templateTabTitle', 'warning']];
const QUESTION_PROPS: Array<[string, Sev]> = [['title', 'error'], ['description', 'warning'], ['placeholder', 'warning'],
  ['placeHolder', 'warning'], ['requiredErrorText', 'warning'], ['otherText', 'error'], ['noneText', 'error'],
  ['refuseText', 'error'], ['dontKnowText', 'error'], ['selectAllText', 'error'], ['otherPlaceholder', 'warning'],
  ['otherErrorText', 'warning'], ['commentText', 'warning'], ['commentPlaceholder', 'warning'], ['labelTrue', 'error'],
  ['labelFalse', 'error'], ['minRateDescription', 'warning'], ['maxRateDescription', 'warning'], ['html', 'error'],
  ['minErrorText', 'warning'], ['maxErrorText', 'warning'], ['addRowText', 'warning'], ['removeRowText', 'warning'],
  ['emptyRowsText', 'warning'], ['totalText', 'warning'], ['templateTitle', 'error'], ['panelAddText', 'warning'],
  ['panelRemoveText', 'warning'], ['noEntriesText', 'warning']];
/** lists of items with a text: [property, key holding the value, key holding the text] */
const LISTS: Array<[string, string, string]> = [['choices', 'value', 'text'], ['rows', 'value', 'text'], ['rateValues', 'value', 'text'],
  ['items', 'name', 'title']];
const CONDITION_PROPS = ['visibleIf', 'enableIf', 'requiredIf'] as const;

export function buildContext(input: LintInput): LintContext {
  const definition = parseDefinition(input.definition);
  const texts: TextEntry[] = [];
  const hosts: ConditionHost[] = [];
  const groups: ElementGroup[] = [];
  const paths = new Map<string, string>();
  const addText = (path: string, prop: string, severity: Sev, v: unknown, question?: string, absent = false) => {
    texts.push({ path, prop, severity, question, ...languages(v), absent });
  };
  const props = (obj: Record<string, unknown>, path: string, list: Array<[string, Sev]>, question?: string) => {
    for (const [p, sev] of list) if (obj[p] !== undefined) addText(`${path}${path ? '.' : ''}${p}`, p, sev, obj[p], question);
  };
  const validators = (obj: Record<string, unknown>, path: string, question?: string) => {
    if (Array.isArray(obj.validators)) obj.validators.forEach((v, i) => { if (isObj(v) && v.text !== undefined) addText(`${path}.validators[${i}].text`, 'validator', 'warning', v.text, question); });
  };
  const itemList = (el: Record<string, unknown>, path: string, question: string) => {
    const lists: Array<[string, string, string]> = [...LISTS, ['columns', el.type === 'matrix' ? 'value' : 'name', el.type === 'matrix' ? 'text' : 'title']];
    for (const [prop, valueKey, textKey] of lists) {
      const list = el[prop];
      if (!Array.isArray(list)) continue;
      list.forEach((c, i) => {
        const p = `${path}.${prop}[${i}]`;
        const value = isObj(c) ? c[valueKey] ?? c.value ?? c.name : c;
        const text = isObj(c) ? c[textKey] ?? (prop === 'columns' ? c.text : undefined) : undefined;
        // a bare number reads the same in both languages; a bare code would be shown to respondents as is
        if (text === undefined) {
          if (typeof value === 'string' && !/^\s*-?\d+(\.\d+)?\s*$/.test(value) && prop !== 'rateValues') addText(`${p}.${textKey}`, prop, 'error', undefined, question, true);
        } else addText(`${p}.${textKey}`, prop, 'error', text, question);
        if (isObj(c)) {
          validators(c, p, question);
          if (prop === 'columns') { props(c, p, QUESTION_PROPS.filter(([k]) => k !== 'title'), question); if (c.choices) itemList({ choices: c.choices }, p, question); }
        }
      });
    }
  };
  const hostOf = (el: Record<string, unknown>, path: string, name: string, kind: ConditionHost['kind'], contains: string[], required: boolean) => {
    if (CONDITION_PROPS.some((k) => typeof el[k] === 'string' && (el[k] as string).trim())) {
      const h: ConditionHost = { path, name, kind, required, contains };
      for (const k of CONDITION_PROPS) if (typeof el[k] === 'string' && (el[k] as string).trim()) h[k] = el[k] as string;
      hosts.push(h);
    }
  };
  /** returns [question names inside, any required] */
  const visit = (list: unknown, path: string, group?: ElementGroup): [string[], boolean] => {
    const names: string[] = [];
    let required = false;
    if (!Array.isArray(list)) return [names, required];
    list.forEach((el: TElementJson, i) => {
      if (!isObj(el)) return;
      const p = `${path}[${i}]`;
      const name = String(el.name ?? '');
      if (el.type === 'panel' || el.type === 'paneldynamic') {
        props(el, p, PANEL_PROPS, el.type === 'paneldynamic' ? name : undefined);
        const g: ElementGroup = { path: p, name, kind: 'panel', questions: [] };
        const inner = el.type === 'panel' ? visit(el.elements ?? el.questions, `${p}.elements`, g) : visit(el.templateElements, `${p}.templateElements`, g);
        groups.push(g);
        if (el.type === 'paneldynamic') { paths.set(name, p); names.push(name); group?.questions.push(name); }
        const req = inner[1] || el.isRequired === true;
        hostOf(el, p, name, el.type === 'panel' ? 'panel' : 'question', inner[0], req);
        names.push(...inner[0]);
        required ||= req;
        return;
      }
      paths.set(name, p);
      names.push(name);
      group?.questions.push(name);
      if (el.type !== 'html' && el.type !== 'image' && el.type !== 'expression' && el.title === undefined) addText(`${p}.title`, 'title', 'error', undefined, name, true);
      props(el, p, QUESTION_PROPS, name);
      validators(el, p, name);
      itemList(el, p, name);
      const req = el.isRequired === true;
      required ||= req;
      hostOf(el, p, name, 'question', [name], req);
    });
    return [names, required];
  };
  props(definition as Record<string, unknown>, '', SURVEY_PROPS);
  if (Array.isArray(definition.completedHtmlOnCondition)) definition.completedHtmlOnCondition.forEach((c, i) => {
    if (isObj(c) && c.html !== undefined) addText(`completedHtmlOnCondition[${i}].html`, 'completedHtml', 'warning', c.html);
  });
  if (Array.isArray(definition.pages)) {
    definition.pages.forEach((page, i) => {
      if (!isObj(page)) return;
      const p = `pages[${i}]`;
      props(page, p, PAGE_PROPS);
      const g: ElementGroup = { path: p, name: String(page.name ?? p), kind: 'page', questions: [] };
      const [names, req] = visit(page.elements ?? page.questions, `${p}.${page.elements ? 'elements' : 'questions'}`, g);
      groups.push(g);
      hostOf(page, p, String(page.name ?? p), 'page', names, req);
    });
  } else {
    const g: ElementGroup = { path: '', name: 'survey', kind: 'page', questions: [] };
    visit(definition.elements ?? definition.questions, definition.elements ? 'elements' : 'questions', g);
    groups.push(g);
  }
  const extraNames = new Set<string>();
  for (const c of Array.isArray(definition.calculatedValues) ? definition.calculatedValues : []) if (isObj(c) && typeof c.name === 'string') extraNames.add(c.name);
  for (const t of Array.isArray(definition.triggers) ? definition.triggers : []) if (isObj(t) && typeof t.setToName === 'string') extraNames.add(t.setToName);
  const expressions: LintContext['expressions'] = [];
  for (const key of ['calculatedValues', 'triggers', 'completedHtmlOnCondition'] as const) {
    const list = definition[key];
    if (Array.isArray(list)) list.forEach((x, i) => {
      if (isObj(x) && typeof x.expression === 'string' && x.expression.trim()) expressions.push({ path: `${key}[${i}].expression`, expression: x.expression });
    });
  }
  let previous: LintContext['previous'];
  if (input.previousDefinition !== undefined && input.previousDefinition !== null) {
    const prev: TDefinition = parseDefinition(input.previousDefinition);
    previous = { definition: prev, questions: questionIndex(prev) };
  }
  return {
    definition, questions: questionIndex(definition), paths, texts, hosts, groups, expressions, extraNames,
    indicators: input.indicators, glossary: input.glossary ?? [], previous,
  };
}
