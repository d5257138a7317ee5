// Untyped request helpers kept for the pages not yet on the typed client (manage.ts, manage2.ts, rates.ts, downloads):
// their owners move them to `client` in api.ts; delete this file when nothing imports it.
import { request } from './http';

export const get = <T = any>(url: string) => request<T>('GET', url);
export const post = <T = any>(url: string, body?: unknown) => request<T>('POST', url, body ?? {});
export const put = <T = any>(url: string, body?: unknown) => request<T>('PUT', url, body ?? {});
export const patch = <T = any>(url: string, body?: unknown) => request<T>('PATCH', url, body ?? {});

/**
 * The array of a response: the response itself when it is an array, else its first named key holding an array;
 * null/undefined give []. Anything else is a contract break and throws (no guessing of `items`/`rows`/`data`).
 */
export function list<T = any>(data: unknown, ...keys: string[]): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data === null || data === undefined) return [];
  if (typeof data === 'object') {
    for (const k of keys) {
      const v = (data as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  throw new Error(`expected a list${keys.length ? ` (or ${keys.join('/')})` : ''} in the response`);
}
