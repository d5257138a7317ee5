// XLSForm → SurveyJS JSON over plain sheet rows (pure): structure (groups, repeats, pages), names, references and languages.
import { parseDefinition, type TDefinition, type TElementJson, type TLocalisable, type TPageJson } from '../definition';
import { DefinitionError } from '../errors';
import { readChoiceLists, type TChoiceList } from './choices';
import { questionElement, commonProps, type TBuild } from './questions';
import { columnLetter, RowView, Sheet, type TProblem, type TSheetData, languageCode } from './sheets';
import { METADATA_TYPES, REFUSED_TYPES, SIMPLE_TYPES, parseType } from './types';
import { translateXPath, XPathError, type TRef, type TScope, quote } from './xpath';

export type { TProblem, TSheetData };

export interface TConversion {
  /** null when there are errors */
  definition: TDefinition | null;
  problems: TProblem[];
  /** from the settings sheet */
  settings: { formTitle?: TLocalisable; formId?: string; version?: string; defaultLanguage?: string };
}

export interface TFormNode {
  row: RowView; base: string; list?: string; orOther: boolean; name: string;
  /** repeats enclosing this row, outermost first */
  repeats: string[];
  children: TFormNode[];
}
type TKind = 'question' | 'group' | 'repeat' | 'note' | 'calculate' | 'hidden';
interface TInfo { node: TFormNode; kind: TKind; list?: TChoiceList }

const QUESTION_BASES = new Set([...Object.keys(SIMPLE_TYPES), 'select_one', 'select_multiple', 'rank', 'range']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const KNOWN_SURVEY_COLUMNS = new Set(['type', 'name', 'label', 'hint', 'required', 'required_message', 'relevant', 'constraint',
  'constraint_message', 'calculation', 'choice_filter', 'default', 'read_only', 'appearance', 'repeat_count', 'parameters']);
const IGNORED_COLUMNS: Record<string, string> = {
  'media::image': 'media (images, audio, video) is not imported', 'media::audio': 'media (images, audio, video) is not imported',
  'media::video': 'media (images, audio, video) is not imported', 'media::big-image': 'media (images, audio, video) is not imported',
  guidance_hint: 'guidance hints are not imported', trigger: 'triggers are not imported',
};

export function convertXlsForm(sheets: TSheetData[]): TConversion {
  return new Converter(sheets).run();
}

class Converter implements TBuild {
  problems: TProblem[] = [];
  infos = new Map<string, TInfo>();
  lists = new Map<string, TChoiceList>();
  defaultLang: string | null = null;
  private calculated: { name: string; expression: string; includeIntoResult: true }[] = [];
  private inlining: string[] = [];
  private survey?: Sheet; private choices?: Sheet; private settingsSheet?: Sheet;

  constructor(data: TSheetData[]) {
    const find = (n: string) => data.find((s) => s.name.trim().toLowerCase() === n);
    const survey = find('survey'), choices = find('choices'), settings = find('settings');
    if (survey) this.survey = new Sheet(survey.name, survey.rows, this.problems);
    if (choices) this.choices = new Sheet(choices.name, choices.rows, this.problems);
    if (settings) this.settingsSheet = new Sheet(settings.name, settings.rows, this.problems);
  }

  error(at: Partial<TProblem>, message: string) { this.problems.push({ severity: 'error', sheet: 'survey', ...at, message }); }
  warn(at: Partial<TProblem>, message: string) { this.problems.push({ severity: 'warning', sheet: 'survey', ...at, message }); }

  run(): TConversion {
    const settings = this.readSettings();
    const survey = this.survey;
    if (!survey) { this.error({}, 'the workbook has no "survey" sheet'); return this.result(null, settings); }
    for (const key of ['type', 'name']) if (!survey.has(key)) this.error({ sheet: survey.name, row: 1 }, `the survey sheet has no "${key}" column`);
    if (this.problems.some((p) => p.severity === 'error')) return this.result(null, settings);
    this.checkColumns(survey);
    this.lists = readChoiceLists(this.choices, this.problems);
    const root = this.parseTree(survey);
    this.collectNames(root);
    const pages = this.pages(root, /pages/i.test(this.settingsSheet?.rows[0]?.get('style') ?? ''));
    if (!pages.length && !this.problems.some((p) => p.severity === 'error')) this.error({ sheet: survey.name }, 'the form has no questions');
    if (this.problems.some((p) => p.severity === 'error')) return this.result(null, settings);
    const def: TDefinition = { ...(settings.formTitle ? { title: settings.formTitle } : {}), showQuestionNumbers: 'off', pages };
    if (this.calculated.length) def.calculatedValues = this.calculated;
    // the same structural check the questionnaire service runs on save (element count, names, choice lists, regular expressions)
    try { parseDefinition(def); } catch (e) {
      if (!(e instanceof DefinitionError)) throw e;
      for (const d of e.details) this.error({ sheet: survey.name }, `the converted questionnaire is not accepted: ${d.path ? `${d.path}: ` : ''}${d.message}`);
      return this.result(null, settings);
    }
    return this.result(def, settings);
  }

  private result(definition: TDefinition | null, settings: TConversion['settings']): TConversion {
    const sheetOrder = (p: TProblem) => ['survey', 'choices', 'settings'].indexOf(p.sheet.toLowerCase());
    const colOrder = (p: TProblem) => (p.cell ? p.cell.replace(/\d+$/, '').padStart(3, ' ') : '');
    this.problems.sort((a, b) => sheetOrder(a) - sheetOrder(b) || (a.row ?? 0) - (b.row ?? 0) || colOrder(a).localeCompare(colOrder(b)));
    return { definition, problems: this.problems, settings };
  }

  private readSettings(): TConversion['settings'] {
    const row = this.settingsSheet?.rows[0];
    if (!row) { this.pickDefaultLanguage(); return {}; }
    const title = row.texts('form_title');
    const dl = row.get('default_language');
    const defaultLanguage = dl ? languageCode(dl) : undefined;
    if (dl && !defaultLanguage) this.warn(row.at('default_language'), `default_language "${dl}" has no language code; write e.g. "English (en)"`);
    this.pickDefaultLanguage(defaultLanguage);
    const s: TConversion['settings'] = { formId: row.get('form_id') || undefined, version: row.get('version') || undefined, defaultLanguage };
    if (title.size) s.formTitle = this.localise(title, () => undefined);
    return s;
  }

  private checkColumns(survey: Sheet) {
    const warned = new Set<string>();
    for (const c of survey.columns) {
      if (warned.has(c.key)) continue;
      const why = IGNORED_COLUMNS[c.key] ?? (KNOWN_SURVEY_COLUMNS.has(c.key) ? undefined : `the column "${c.header}" is not an XLSForm column Marsad uses`);
      if (!why) continue;
      warned.add(c.key);
      this.warn({ sheet: survey.name, row: 1, column: c.header, cell: `${columnLetter(c.index)}1` }, `${why}: column ignored`);
    }
  }

  /** English is SurveyJS's `default` (Marsad's convention) when the form has it; else the settings' default_language. */
  private pickDefaultLanguage(fromSettings?: string) {
    const langs = new Set([this.survey, this.choices, this.settingsSheet].flatMap((sh) => [...(sh?.languages() ?? [])]));
    this.defaultLang = langs.has('en') ? 'en' : fromSettings && langs.has(fromSettings) ? fromSettings : null;
  }

  /** Texts by language → SurveyJS localisable `{default, ar, …}`; `${name}` piped as `{name}`. */
  localise(texts: Map<string | null, string>, pipe: (s: string, lang: string | null) => string | undefined): TLocalisable | undefined {
    const out: Record<string, string> = {};
    const put = (locale: string, lang: string | null, s: string) => { const v = pipe(s, lang) ?? s; out[locale] = v; };
    const def = this.defaultLang !== null && texts.has(this.defaultLang) ? this.defaultLang : null;
    if (texts.has(def)) put('default', def, texts.get(def)!);
    else if (texts.has(null)) put('default', null, texts.get(null)!);
    for (const [lang, s] of texts) if (lang !== null && lang !== def) put(lang, lang, s);
    // a form without English and without default_language (e.g. Arabic only): its first language is also the default
    if (out.default === undefined && this.defaultLang === null && Object.keys(out).length) out.default = Object.values(out)[0];
    return Object.keys(out).length ? out : undefined;
  }

  /** A row's translatable column with `${name}` references piped; a bad reference is an error at that column. */
  text(node: TFormNode, key: string): TLocalisable | undefined {
    return this.localise(node.row.texts(key), (s, lang) => s.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      try {
        const r = this.resolve(name.trim(), 'value', node.repeats);
        if (!/^\{[^{}]+\}$/.test(r.text)) throw new XPathError(`\${${name}} is a calculation inside a repeat and cannot be shown in a text`);
        return r.text;
      } catch (e) {
        if (!(e instanceof XPathError)) throw e;
        this.error(node.row.at(key, lang), e.message);
        return whole;
      }
    }));
  }

  private parseTree(survey: Sheet): TFormNode {
    const root: TFormNode = { row: survey.rows[0], base: 'root', orOther: false, name: '', repeats: [], children: [] };
    const stack: TFormNode[] = [root];
    for (const row of survey.rows) {
      const typeText = row.get('type');
      if (!typeText) { this.error(row.at('type'), 'the row has no type'); continue; }
      const t = parseType(typeText);
      if (REFUSED_TYPES[t.base]) { this.error(row.at('type'), REFUSED_TYPES[t.base]); continue; }
      if (t.extra.length) this.error(row.at('type'), `unexpected "${t.extra.join(' ')}" after the type "${typeText.slice(0, typeText.length - t.extra.join(' ').length).trim()}"`);
      if (METADATA_TYPES.has(t.base)) { this.warn(row.at('type'), `the metadata field "${t.base}" is filled by ODK devices and has no equivalent: row ignored`); continue; }
      const top = stack[stack.length - 1];
      if (t.base === 'end_group' || t.base === 'end_repeat') {
        const opens = t.base === 'end_group' ? 'begin_group' : 'begin_repeat';
        if (top.base !== opens) {
          this.error(row.at('type'), top.base === 'root' ? `"${typeText}" without a matching "${opens.replace('_', ' ')}"`
            : `"${typeText}" closes "${top.name}" (row ${top.row.row}), which is a ${top.base === 'begin_group' ? 'group' : 'repeat'}`);
        } else stack.pop();
        continue;
      }
      const node: TFormNode = { row, base: t.base, list: t.list, orOther: t.orOther, name: row.get('name'), repeats: top.base === 'begin_repeat' ? [...top.repeats, top.name] : top.repeats, children: [] };
      top.children.push(node);
      if (t.base === 'begin_group' || t.base === 'begin_repeat') stack.push(node);
    }
    for (const open of stack.slice(1)) this.error(open.row.at('type'), `"${open.row.get('type')}" ("${open.name}") has no matching "end ${open.base === 'begin_group' ? 'group' : 'repeat'}"`);
    return root;
  }

  private collectNames(root: TFormNode) {
    const lower = new Map<string, number>();
    const visit = (list: TFormNode[]) => {
      for (const n of list) {
        const invalid = () => { n.base = 'invalid'; visit(n.children); };
        const kind: TKind | undefined = n.base === 'begin_group' ? 'group' : n.base === 'begin_repeat' ? 'repeat' : n.base === 'note' ? 'note'
          : n.base === 'calculate' ? 'calculate' : n.base === 'hidden' ? 'hidden' : QUESTION_BASES.has(n.base) ? 'question' : undefined;
        if (!kind) { this.error(n.row.at('type'), `unknown type "${n.row.get('type')}"`); invalid(); continue; }
        if (!n.name) { this.error(n.row.at('name'), `the ${n.base.replace('begin_', '')} has no name`); invalid(); continue; }
        if (!NAME_RE.test(n.name)) {
          this.error(n.row.at('name'), n.name.includes('.') ? `the name "${n.name}" has a dot, which SurveyJS reads as a path: rename it (letters, digits, _ and -)`
            : `the name "${n.name}" is not valid: it must start with a letter or _ and hold only letters, digits, _ and -`);
          invalid(); continue;
        }
        if (n.name in Object.prototype || n.name.endsWith('-Comment')) {
          this.error(n.row.at('name'), `the name "${n.name}" is reserved (a JavaScript property name, or ending in -Comment): rename it`);
          invalid(); continue;
        }
        const prev = lower.get(n.name.toLowerCase());
        if (prev !== undefined) {
          this.error(n.row.at('name'), `duplicate name "${n.name}" (also row ${prev})${this.infos.has(n.name) ? '' : '; SurveyJS names ignore case'}`);
          invalid(); continue;
        }
        lower.set(n.name.toLowerCase(), n.row.row);
        let list: TChoiceList | undefined;
        if (n.base === 'select_one' || n.base === 'select_multiple' || n.base === 'rank') {
          list = n.list ? this.lists.get(n.list) : undefined;
          if (!n.list) this.error(n.row.at('type'), `"${n.base}" needs a choice list name, e.g. "${n.base} yes_no"`);
          else if (!list) this.error(n.row.at('type'), `the choice list "${n.list}" is not in the choices sheet`);
        }
        this.infos.set(n.name, { node: n, kind, list });
        visit(n.children);
      }
    };
    visit(root.children);
  }

  /** `${name}` seen from a row inside `from` (its enclosing repeats). */
  resolve(name: string, use: 'value' | 'count', from: string[]): TRef {
    const info = this.infos.get(name);
    if (!info) throw new XPathError(`\${${name}} is not a question of this form`);
    const inner = from[from.length - 1];
    const own = info.node.repeats;
    if (info.kind === 'group') throw new XPathError(`\${${name}} is a group, not a question`);
    if (info.kind === 'note') throw new XPathError(`\${${name}} is a note and has no value`);
    if (info.kind === 'repeat') {
      if (use !== 'count') throw new XPathError(`\${${name}} is a repeat: only count(\${${name}}) can use it`);
      if (own.length === 0) return { text: `{${name}.length}` };
      if (own[own.length - 1] === inner) return { text: `{panel.${name}.length}` };
      throw new XPathError(`the repeat \${${name}} can be counted only from its enclosing repeat or from outside every repeat`);
    }
    if (use === 'count' && own.length && own[own.length - 1] !== inner) return this.resolve(own[own.length - 1], 'count', from);
    const ref = { select: info.node.base === 'select_one' ? 'one' as const : info.node.base === 'select_multiple' ? 'multiple' as const : undefined,
      numericCodes: info.list?.numeric, codes: info.list ? new Set(info.list.rows.map((r) => r.name)) : undefined, label: `\${${name}}` };
    if (own.length === 0) return { text: `{${name}}`, ...ref };
    if (own[own.length - 1] === inner && own.length <= from.length) {
      if (info.kind === 'calculate' || info.kind === 'hidden') return { text: `(${this.inline(info)})` };
      return { text: `{panel.${name}}`, ...ref };
    }
    if (from.includes(own[own.length - 1]))
      throw new XPathError(`\${${name}} belongs to the enclosing repeat "${own[own.length - 1]}"; from a nested repeat Marsad can read only the same repeat's questions and questions outside every repeat`);
    throw new XPathError(`\${${name}} is inside the repeat "${own[own.length - 1]}"; from here only count(\${${name}}) can use it`);
  }

  /** A calculation inside a repeat has no SurveyJS calculated value: its expression is written where it is used. */
  private inline(info: TInfo): string {
    const n = info.node;
    if (this.inlining.includes(n.name)) throw new XPathError(`the calculation "${n.name}" refers to itself (${[...this.inlining, n.name].join(' → ')})`);
    this.inlining.push(n.name);
    try {
      if (n.base === 'hidden') return literal(n.row.get('default'));
      return translateXPath(n.row.get('calculation') || "''", this.scope(n));
    } finally { this.inlining.pop(); }
  }

  scope(n: TFormNode, self?: string): TScope {
    return { self, inRepeat: n.repeats.length > 0, resolve: (name, use) => this.resolve(name, use, n.repeats) };
  }

  /** Translates one expression column of a row; an untranslatable expression is an error at that cell. */
  expr(n: TFormNode, key: string, scope: TScope = this.scope(n, n.name), src = n.row.get(key)): string | undefined {
    if (!src) return undefined;
    try { return translateXPath(src, scope); } catch (e) {
      if (!(e instanceof XPathError)) throw e;
      this.error(n.row.at(key), `cannot translate ${key} "${src}": ${e.message}`);
      return undefined;
    }
  }

  elements(list: TFormNode[]): TElementJson[] {
    const out: TElementJson[] = [];
    for (const n of list) {
      const el = this.element(n);
      if (el) out.push(el);
    }
    return out;
  }

  private element(n: TFormNode): TElementJson | undefined {
    switch (n.base) {
      case 'invalid': this.elements(n.children); return undefined;
      case 'calculate': {
        if (!n.row.get('calculation')) { this.error(n.row.at('calculation'), `the calculate "${n.name}" has no calculation`); return undefined; }
        const expression = this.expr(n, 'calculation', this.scope(n));
        if (expression && n.repeats.length === 0) this.calculated.push({ name: n.name, expression, includeIntoResult: true });
        return undefined;
      }
      case 'hidden':
        if (n.repeats.length === 0) this.calculated.push({ name: n.name, expression: literal(n.row.get('default')), includeIntoResult: true });
        return undefined;
      case 'note': return { type: 'html', name: n.name, html: this.text(n, 'label') ?? '', ...commonProps(this, n, false) };
      case 'begin_group':
        return { type: 'panel', name: n.name, ...this.titled(n), ...commonProps(this, n, false), elements: this.elements(n.children) };
      case 'begin_repeat': return this.repeat(n);
      default: return questionElement(this, n);
    }
  }

  private titled(n: TFormNode): Record<string, unknown> {
    const title = this.text(n, 'label'), description = this.text(n, 'hint');
    return { ...(title ? { title } : {}), ...(description ? { description } : {}) };
  }

  private repeat(n: TFormNode): TElementJson {
    const el: TElementJson = { type: 'paneldynamic', name: n.name, ...this.titled(n), ...commonProps(this, n, false),
      templateElements: this.elements(n.children), panelCount: 1 };
    const count = n.row.get('repeat_count');
    if (/^\d+$/.test(count)) {
      Object.assign(el, { panelCount: Number(count), maxPanelCount: Number(count), allowAddPanel: false, allowRemovePanel: false });
    } else if (count) {
      const m = /^\$\{\s*([^}\s]+)\s*\}$/.exec(count);
      const target = m ? this.infos.get(m[1]) : undefined;
      if (target && target.kind === 'question' && target.node.repeats.length === 0) {
        Object.assign(el, { bindings: { panelCount: m![1] }, panelCount: 0, allowAddPanel: false, allowRemovePanel: false });
      } else {
        this.error(n.row.at('repeat_count'), `cannot translate repeat_count "${count}": SurveyJS takes a fixed number or one question outside every repeat (\${name})`);
      }
    }
    if (!el.templateElements?.length) this.warn(n.row.at('type'), `the repeat "${n.name}" has no questions`);
    return el;
  }

  /** Field-list groups are pages; other top-level rows share a page (each its own page when settings say style=pages). */
  private pages(root: TFormNode, onePerPage: boolean): TPageJson[] {
    const pages: TPageJson[] = [];
    let current: TElementJson[] = [];
    const flush = () => { if (current.length) pages.push({ name: `page${pages.length + 1}`, elements: current }); current = []; };
    for (const n of root.children) {
      const fieldList = /\bfield-list\b/i.test(n.row.get('appearance'));
      if (n.base === 'begin_group' && fieldList) {
        flush();
        const panel = this.element(n)!;
        const { type: _t, elements, name, ...rest } = panel;
        pages.push({ name, ...rest, elements: elements ?? [] });
        continue;
      }
      const el = this.element(n);
      if (!el) continue;
      if (fieldList || onePerPage) { flush(); current.push(el); flush(); } else current.push(el);
    }
    flush();
    const used = new Set<string>();
    for (const p of pages) { let name = p.name!; for (let i = 2; used.has(name) || (name !== p.name && this.infos.has(name)); i++) name = `${p.name}_${i}`; p.name = name; used.add(name); }
    return pages;
  }
}

/** A constant (hidden field, literal default) as a SurveyJS expression. */
function literal(s: string): string {
  return /^-?(0|[1-9]\d*)(\.\d+)?$/.test(s) ? s : quote(s);
}
