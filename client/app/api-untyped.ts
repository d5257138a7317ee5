// Plain request helpers for pages that name the answer's type at the call (`get<TThing>(url)`; unknown by default).
// Prefer a function of `client` in api.ts with the route's contract type; move callers there over time.
import { request } from './http';

export const get = <T = unknown>(url: string) => request<T>('GET', url);
export const post = <T = unknown>(url: string, body?: unknown) => request<T>('POST', url, body ?? {});
export const put = <T = unknown>(url: string, body?: unknown) => request<T>('PUT', url, body ?? {});
export const patch = <T = unknown>(url: string, body?: unknown) => request<T>('PATCH', url, body ?? {});

/**
 * The array of a response: the response itself when it is an array, else its first named key holding an array;
 * null/undefined give []. Anything else is a contract break and throws (no guessing of `items`/`rows`/`data`).
 */
export function list<T = unknown>(data: unknown, ...keys: string[]): T[] {
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
