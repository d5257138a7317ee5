// Row helpers for raw SQL through TypeORM: typed rows of a query and the rows of a write … RETURNING.
import type { EntityManager } from 'typeorm';

/**
 * The rows of a statement with RETURNING: TypeORM answers UPDATE/DELETE … RETURNING with [rows, count] and
 * INSERT … RETURNING with rows; this gives the rows either way.
 */
export function returned<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return Array.isArray(result) ? (result as T[]) : [];
}

/** Run a parameterised query and give its rows as T (the SQL's column aliases must match T). */
export async function rows<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return returned<T>(await em.query(sql, params));
}
