// The one quoting function for SQL text that cannot take parameters (generated DDL: the indicator projection's
// function body; the COPY export through server/db/sql-literal.ts): an escape-string literal E'…' that means the same whatever standard_conforming_strings says.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `E'…'` with `\` and `'` doubled. Rejects NUL (PostgreSQL text cannot hold it) and lone surrogates (not UTF-8).
 * Safe inside any other quoting because nothing but `'` and `\` is special in an escape string.
 */
export function sqlLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('NUL character in an SQL literal');
  if (LONE_SURROGATE.test(text)) throw new Error('lone surrogate in an SQL literal');
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A typed constant: text, jsonb (JSON text of the value), float8 / int (finite numbers), jsonb[] (one JSON per element). */
export function typedLiteral(value: unknown, type: 'text' | 'jsonb' | 'float8' | 'int' | 'jsonb[]'): string {
  switch (type) {
    case 'text':
      if (typeof value !== 'string') throw new Error('text literal of a non-string');
      return `${sqlLiteral(value)}::text`;
    case 'jsonb': return `${sqlLiteral(JSON.stringify(value))}::jsonb`;
    case 'float8': case 'int':
      if (typeof value !== 'number' || !Number.isFinite(value) || (type === 'int' && !Number.isInteger(value))) throw new Error(`${type} literal of ${String(value)}`);
      return `${sqlLiteral(String(value))}::${type}`;
    case 'jsonb[]':
      if (!Array.isArray(value)) throw new Error('jsonb[] literal of a non-array');
      return value.length ? `ARRAY[${value.map((v) => `${sqlLiteral(JSON.stringify(v))}::jsonb`).join(', ')}]::jsonb[]` : `'{}'::jsonb[]`;
  }
}
