// Fetch wrapper for the Marsad API: JSON, session cookie, CSRF header on every non-GET, typed errors.
import { lang } from '../i18n';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) { super(message); }
  /** the route does not exist on this server (yet) */
  get notAvailable(): boolean {
    return this.status === 404 && this.code === 'resource.not_found' && (this.details as { resource?: string })?.resource === 'route';
  }
}

let csrfToken = '';
export function setCsrf(t: string): void { csrfToken = t; }
/** the session's CSRF token, for requests that are not JSON (file uploads) */
export function getCsrf(): string { return csrfToken; }

export async function api<T = any>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang() };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const d = (data && typeof data === 'object' ? data : {}) as { code?: string; message?: string; details?: unknown };
    throw new ApiError(res.status, d.code ?? 'http.' + res.status, d.message ?? res.statusText, d.details);
  }
  return data as T;
}

export const get = <T = any>(url: string) => api<T>('GET', url);
export const post = <T = any>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const put = <T = any>(url: string, body?: unknown) => api<T>('PUT', url, body ?? {});
export const patch = <T = any>(url: string, body?: unknown) => api<T>('PATCH', url, body ?? {});

/** Lists come back either as arrays or wrapped ({items}, {waves} …): return the array either way. */
export function list<T = any>(data: unknown, ...keys: string[]): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object') {
    for (const k of [...keys, 'items', 'rows', 'data']) {
      const v = (data as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  return [];
}
