// The one way to inline a value into SQL text where bind parameters are impossible (COPY (SELECT …) TO STDOUT): a
// string literal (the one rule of indicators/sql-literal.ts, independent of standard_conforming_strings; NUL refused).
import { sqlLiteral as quote } from '../../indicators/sql-literal';

export class SqlLiteralError extends Error {}

/** The one quoting rule (`indicators/sql-literal.ts`: `E'…'`, quotes and backslashes doubled); NUL refused. */
export function sqlLiteral(value: string): string {
  if (typeof value !== 'string') throw new SqlLiteralError(`sqlLiteral expects a string, got ${typeof value}`);
  try { return quote(value); } catch (e) { throw new SqlLiteralError((e as Error).message); }
}

/** A text[] literal: ARRAY['a', 'b']::text[] (every element through sqlLiteral). */
export function sqlTextArray(values: string[]): string {
  return `ARRAY[${values.map(sqlLiteral).join(', ')}]::text[]`;
}

/** A jsonb literal of a JSON-serialisable value, through sqlLiteral. */
export function sqlJsonb(value: unknown): string {
  return `${sqlLiteral(JSON.stringify(value))}::jsonb`;
}

/** A quoted identifier ("a""b"); NUL refused, and names PostgreSQL would truncate (over 63 bytes) too. */
export function sqlIdentifier(name: string): string {
  if (typeof name !== 'string' || name === '') throw new SqlLiteralError('sqlIdentifier expects a non-empty string');
  if (name.includes('\0')) throw new SqlLiteralError('NUL cannot appear in an identifier');
  if (Buffer.byteLength(name, 'utf8') > 63) throw new SqlLiteralError('identifier longer than 63 bytes');
  return `"${name.replaceAll('"', '""')}"`;
}
