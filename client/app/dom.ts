// Small DOM helpers for the officer app: elements built with textContent only (never innerHTML), formatting.
import { lang } from '../i18n';

export type Child = Node | string | number | null | undefined | false | Child[];
// a listener of any DOM event type (declared as a method so `(e: SubmitEvent) => …` fits: parameters of methods are bivariant)
type Handler = { listener(ev: Event): unknown }['listener'];
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>;

/** Create an element; strings become text nodes, `on*` attributes become listeners, false/null are skipped. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = String(v);
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void { while (el.firstChild) el.removeChild(el.firstChild); }

export function locale(): string { return lang() === 'ar' ? 'ar-u-nu-latn' : 'en-GB'; }

export function fmtNum(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(v);
}

export function fmtDate(v: string | Date | null | undefined, withTime = false): string {
  if (!v) return '–';
  const d = typeof v === 'string' ? new Date(v) : v;
  if (Number.isNaN(d.getTime())) return '–';
  return new Intl.DateTimeFormat(locale(), withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(d);
}

/** Pick the language's side of a bilingual value: {en, ar}, {default, ar}, nameEn/nameAr pairs or a plain string. */
export function loc(v: unknown, fallback = ''): string {
  if (v === null || v === undefined) return fallback;
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const ar = o.ar, en = o.en ?? o.default;
    const pick = lang() === 'ar' ? (ar || en) : (en || ar);
    return typeof pick === 'string' ? pick : fallback;
  }
  return fallback;
}

/** `nameEn`/`nameAr` (or name_en/name_ar, statementEn …) fields of a record, in the current language. */
export function locField(o: object | null | undefined, base: string): string {
  if (!o) return '';
  const r = o as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const en = str(r[`${base}En`] ?? r[`${base}_en`]);
  const ar = str(r[`${base}Ar`] ?? r[`${base}_ar`]);
  if (en !== undefined || ar !== undefined) return (lang() === 'ar' ? (ar || en) : (en || ar)) ?? '';
  return loc(r[base]);
}

/** A labelled form field (label wraps nothing; `for` points at the control). */
let fieldSeq = 0;
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f${++fieldSeq}`;
  control.id = id;
  const hintEl = hint ? h('small', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

export function table(headers: string[], rows: Child[][], caption?: string): HTMLTableElement {
  return h('table', { class: 'data' },
    caption ? h('caption', null, caption) : null,
    h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, c))))));
}

/** A status line for assistive technology and sighted users alike. */
export function notice(text: string, kind: 'info' | 'error' | 'ok' = 'info'): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
