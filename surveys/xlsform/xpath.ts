// XLSForm (ODK XPath dialect) expressions: tokenizer and parser to a small syntax tree, and its translation to SurveyJS.
import { ExpressionRunner } from 'survey-core';

/** An expression that cannot be translated; the converter adds the sheet, row and column. */
export class XPathError extends Error {
  constructor(message: string) { super(message); this.name = 'XPathError'; }
}

export type TNode =
  | { k: 'num'; v: number; raw: string }
  | { k: 'str'; v: string }
  | { k: 'ref'; name: string }
  | { k: 'self' }
  | { k: 'name'; name: string }
  | { k: 'call'; fn: string; args: TNode[] }
  | { k: 'bin'; op: string; l: TNode; r: TNode }
  | { k: 'neg'; e: TNode };

type TToken = { t: 'num' | 'str' | 'ref' | 'name' | 'op' | 'self' | 'parent'; v: string; at: number };

const OPS = ['!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '(', ')', ',', '|', '/', '[', ']'];

function tokenize(src: string): TToken[] {
  const out: TToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const at = i;
    if (c === '$' && src[i + 1] === '{') {
      const end = src.indexOf('}', i);
      if (end < 0) throw new XPathError(`"\${" at character ${at + 1} is not closed with "}"`);
      const name = src.slice(i + 2, end).trim();
      if (!name) throw new XPathError(`empty reference "\${}" at character ${at + 1}`);
      out.push({ t: 'ref', v: name, at }); i = end + 1; continue;
    }
    if (c === "'" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new XPathError(`the text starting at character ${at + 1} is not closed with ${c}`);
      out.push({ t: 'str', v: src.slice(i + 1, end), at }); i = end + 1; continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: num[0], at }); i += num[0].length; continue; }
    if (c === '.') {
      if (src[i + 1] === '.') { out.push({ t: 'parent', v: '..', at }); i += 2; continue; }
      out.push({ t: 'self', v: '.', at }); i++; continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_:-]*/.exec(src.slice(i));
    if (name) {
      let v = name[0];
      // a trailing "-" belongs to a following minus ("a -1"): names never end with "-"
      while (v.endsWith('-')) v = v.slice(0, -1);
      out.push({ t: 'name', v, at }); i += v.length; continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) { out.push({ t: 'op', v: op, at }); i += op.length; continue; }
    throw new XPathError(`unexpected character "${c}" at character ${at + 1}`);
  }
  return out;
}

const CMP = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** Parses an XLSForm expression; throws XPathError with the character position. */
export function parseXPath(src: string): TNode {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => peek()?.t === 'op' && peek().v === v;
  // and, or, div, mod are operators even before "(" (`a div (b + c)`)
  const isWord = (v: string) => peek()?.t === 'name' && peek().v === v && p > 0 && !(toks[p - 1].t === 'op' && toks[p - 1].v !== ')');
  const where = () => (peek() ? `at character ${peek().at + 1} ("${peek().v}")` : 'at the end');
  const expect = (v: string) => { if (!isOp(v)) throw new XPathError(`expected "${v}" ${where()}`); p++; };
  const binary = (next: () => TNode, test: () => string | undefined): TNode => {
    let l = next();
    for (let op = test(); op; op = test()) { p++; l = { k: 'bin', op, l, r: next() }; }
    return l;
  };
  const or = (): TNode => binary(and, () => (isWord('or') ? 'or' : undefined));
  const and = (): TNode => binary(cmp, () => (isWord('and') ? 'and' : undefined));
  const cmp = (): TNode => binary(add, () => (peek()?.t === 'op' && CMP.has(peek().v) ? peek().v : undefined));
  const add = (): TNode => binary(mul, () => (isOp('+') || isOp('-') ? peek().v : undefined));
  const mul = (): TNode => binary(unary, () => (isOp('*') ? '*' : isWord('div') ? 'div' : isWord('mod') ? 'mod' : undefined));
  const unary = (): TNode => {
    if (isOp('-')) { p++; return { k: 'neg', e: unary() }; }
    return primary();
  };
  const primary = (): TNode => {
    const t = peek();
    if (!t) throw new XPathError('the expression ends too early');
    p++;
    if (t.t === 'num') return { k: 'num', v: Number(t.v), raw: t.v };
    if (t.t === 'str') return { k: 'str', v: t.v };
    if (t.t === 'ref') return { k: 'ref', name: t.v };
    if (t.t === 'self') return { k: 'self' };
    if (t.t === 'parent') throw new XPathError(`".." (parent) at character ${t.at + 1} is only supported inside position(..)`);
    if (t.t === 'op' && t.v === '(') { const e = or(); expect(')'); return e; }
    if (t.t === 'name') {
      if (isOp('(')) {
        p++;
        const args: TNode[] = [];
        if (t.v === 'position' && peek()?.t === 'parent') { p++; expect(')'); return { k: 'call', fn: 'position', args: [] }; }
        if (!isOp(')')) { args.push(or()); while (isOp(',')) { p++; args.push(or()); } }
        expect(')');
        return { k: 'call', fn: t.v, args };
      }
      if (isOp('/') || isOp('[')) throw new XPathError(`XPath paths at character ${t.at + 1} are not supported: use \${name}`);
      return { k: 'name', name: t.v };
    }
    if (t.t === 'op' && t.v === '/') throw new XPathError(`XPath paths at character ${t.at + 1} are not supported: use \${name}`);
    throw new XPathError(`unexpected "${t.v}" at character ${t.at + 1}`);
  };
  const tree = or();
  if (p < toks.length) throw new XPathError(`unexpected "${peek().v}" at character ${peek().at + 1}`);
  return tree;
}

/** Names (bare, not `${…}`) and references used by an expression tree. */
export function usedNames(n: TNode, out = { bare: new Set<string>(), refs: new Set<string>(), self: false }) {
  if (n.k === 'name') out.bare.add(n.name);
  else if (n.k === 'ref') out.refs.add(n.name);
  else if (n.k === 'self') out.self = true;
  else if (n.k === 'call') n.args.forEach((a) => usedNames(a, out));
  else if (n.k === 'bin') { usedNames(n.l, out); usedNames(n.r, out); }
  else if (n.k === 'neg') usedNames(n.e, out);
  return out;
}

/** What a reference stands for in SurveyJS. */
export interface TRef {
  /** SurveyJS text for the value, e.g. `{age}`, `{panel.age}`, `(… inlined calculation …)` */
  text: string;
  select?: 'one' | 'multiple';
  /** the choice list's codes are numbers: compare with numbers */
  numericCodes?: boolean;
  /** the codes of its choice list (a literal compared with the question must be one of them) */
  codes?: Set<string>;
  /** a label for messages, e.g. `${sex}` */
  label?: string;
}

export interface TScope {
  /** the question `.` stands for */
  self?: string;
  /** resolves `${name}`; `count` when used as count(${name}) (a repeat may be counted); throws XPathError */
  resolve(name: string, use: 'value' | 'count'): TRef;
  /** a bare name (choice_filter: a column of the choices sheet); throws XPathError when not allowed */
  bare?(name: string): string;
  /** `{panelIndex}` is available (inside a repeat) */
  inRepeat: boolean;
}

const PREC: Record<string, number> = { or: 1, and: 2, '=': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '+': 4, '-': 4, '*': 5, div: 5, mod: 5 };
const SJS_OP: Record<string, string> = { div: '/', mod: '%' };
const NUMERIC = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export function quote(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

interface TOut { text: string; prec: number; ref?: TRef; literal?: string }

/** Translates a parsed expression into a SurveyJS expression; throws XPathError for anything without an equivalent. */
export function emit(n: TNode, scope: TScope): string {
  return out(n, scope).text;
}

function ref(scope: TScope, n: TNode, use: 'value' | 'count' = 'value'): TRef {
  if (n.k === 'ref') return scope.resolve(n.name, use);
  if (n.k === 'self') {
    if (!scope.self) throw new XPathError('"." (this question) has no meaning here');
    return scope.resolve(scope.self, use);
  }
  throw new XPathError('expected a question reference ${name} or "."');
}

/** A literal compared with a choice question keeps the question's code type. */
function literalFor(r: TRef | undefined, n: TNode, scope: TScope): string {
  if (n.k === 'str' && r?.codes && n.v !== '' && !r.codes.has(n.v.trim()))
    throw new XPathError(`'${n.v}' is not a code of the choices of ${r.label ?? 'the question'} (${[...r.codes].slice(0, 10).join(', ')})`);
  if (n.k === 'str' && r?.numericCodes && NUMERIC.test(n.v.trim())) return String(Number(n.v));
  return out(n, scope).text;
}

function out(n: TNode, scope: TScope): TOut {
  switch (n.k) {
    case 'num': return { text: n.raw.startsWith('.') ? `0${n.raw}` : n.raw, prec: 9 };
    case 'str': return { text: quote(n.v), prec: 9, literal: n.v };
    case 'ref': case 'self': { const r = ref(scope, n); return { text: r.text, prec: 9, ref: r }; }
    case 'name': {
      if (n.name === 'true' || n.name === 'false') throw new XPathError(`write ${n.name}() rather than ${n.name}`);
      if (!scope.bare) throw new XPathError(`"${n.name}" is not a question reference: write \${${n.name}}`);
      return { text: scope.bare(n.name), prec: 9 };
    }
    case 'neg': {
      const e = out(n.e, scope);
      if (n.e.k === 'num') return { text: `-${e.text}`, prec: 9 };
      return { text: `(0 - ${wrap(e, 5)})`, prec: 9 };
    }
    case 'bin': return binary(n, scope);
    case 'call': return call(n, scope);
  }
}

const wrap = (o: TOut, min: number) => (o.prec < min ? `(${o.text})` : o.text);

function binary(n: Extract<TNode, { k: 'bin' }>, scope: TScope): TOut {
  const prec = PREC[n.op];
  if (prec === 3) {
    const l = out(n.l, scope), r = out(n.r, scope);
    // comparing with '' is SurveyJS's empty / notempty
    if ((n.op === '=' || n.op === '!=') && (l.literal === '' || r.literal === '')) {
      const side = l.literal === '' ? r : l;
      return { text: `${wrap(side, 4)} ${n.op === '=' ? 'empty' : 'notempty'}`, prec: 3 };
    }
    const lt = r.ref && n.l.k === 'str' ? literalFor(r.ref, n.l, scope) : wrap(l, 4);
    const rt = l.ref && n.r.k === 'str' ? literalFor(l.ref, n.r, scope) : wrap(r, 4);
    return { text: `${lt} ${n.op} ${rt}`, prec: 3 };
  }
  const l = out(n.l, scope), r = out(n.r, scope);
  const op = SJS_OP[n.op] ?? n.op;
  // left-associative: a right operand of the same precedence needs brackets (a - (b - c))
  return { text: `${wrap(l, prec)} ${op} ${wrap(r, prec + 1)}`, prec };
}

function arity(n: Extract<TNode, { k: 'call' }>, min: number, max = min) {
  if (n.args.length < min || n.args.length > max)
    throw new XPathError(`${n.fn}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${n.args.length}`);
}

function call(n: Extract<TNode, { k: 'call' }>, scope: TScope): TOut {
  const a = (i: number, min = 0) => wrap(out(n.args[i], scope), min);
  switch (n.fn) {
    case 'selected': {
      arity(n, 2);
      const r = ref(scope, n.args[0]);
      const v = literalFor(r, n.args[1], scope);
      return { text: r.select === 'multiple' ? `${r.text} contains ${v}` : `${r.text} = ${v}`, prec: 3 };
    }
    case 'count-selected': { arity(n, 1); return { text: lengthOf(ref(scope, n.args[0]).text), prec: 9 }; }
    case 'count': { arity(n, 1); return { text: ref(scope, n.args[0], 'count').text, prec: 9 }; }
    case 'string-length': { arity(n, 1); return { text: lengthOf(ref(scope, n.args[0]).text), prec: 9 }; }
    case 'not': arity(n, 1); return { text: `!(${a(0)})`, prec: 9 };
    case 'if': arity(n, 3); return { text: `iif(${a(0)}, ${a(1)}, ${a(2)})`, prec: 9 };
    case 'today': arity(n, 0); return { text: 'today()', prec: 9 };
    case 'now': arity(n, 0); return { text: 'currentDate()', prec: 9 };
    case 'true': arity(n, 0); return { text: 'true', prec: 9 };
    case 'false': arity(n, 0); return { text: 'false', prec: 9 };
    case 'round': arity(n, 1, 2); return { text: `round(${n.args.map((_x, i) => a(i)).join(', ')})`, prec: 9 };
    case 'int': arity(n, 1); return { text: `trunc(${a(0)})`, prec: 9 };
    case 'coalesce': arity(n, 2); return { text: `iif(${a(0, 4)} notempty, ${a(0)}, ${a(1)})`, prec: 9 };
    case 'position':
      if (n.args.length || !scope.inRepeat) throw new XPathError('position() is supported only as position(..) inside a repeat');
      return { text: '({panelIndex} + 1)', prec: 9 };
    default:
      throw new XPathError(`the function ${n.fn}() has no SurveyJS equivalent in Marsad`);
  }
}

function lengthOf(text: string): string {
  if (/^\{[^{}]+\}$/.test(text)) return `{${text.slice(1, -1)}.length}`;
  throw new XPathError('count-selected() and string-length() need a question reference');
}

/** The translated expression must parse in survey-core (the engine of the respondent page and of the server validator). */
export function assertParses(expr: string): string {
  if (!new ExpressionRunner(expr).canRun()) throw new XPathError(`the translation "${expr}" does not parse in SurveyJS`);
  return expr;
}

/** Parse + translate + check. */
export function translateXPath(src: string, scope: TScope): string {
  return assertParses(emit(parseXPath(src), scope));
}
