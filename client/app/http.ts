// Fetch wrapper for the Marsad API: JSON, session cookie, CSRF header on every non-GET; every non-2xx is an ApiError.
import { lang } from '../i18n';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) { super(message); }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let csrfToken = '';
export function setCsrf(t: string): void { csrfToken = t; }
/** the session's CSRF token, for requests that are not JSON (file uploads) */
export function getCsrf(): string { return csrfToken; }

async function send(method: Method, url: string, body: unknown, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, 'Accept-Language': lang() };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    const data: unknown = (res.headers.get('content-type') ?? '').includes('json') ? await res.json().catch(() => null) : null;
    const d = (data && typeof data === 'object' ? data : {}) as { code?: string; message?: string; details?: unknown };
    throw new ApiError(res.status, d.code ?? `http.${res.status}`, d.message ?? (res.statusText || `HTTP ${res.status}`), d.details);
  }
  return res;
}

/** One JSON request; the caller names the answer's type (the typed client in api.ts does, from contracts/). */
export async function request<T>(method: Method, url: string, body?: unknown): Promise<T> {
  const res = await send(method, url, body, 'application/json');
  return ((res.headers.get('content-type') ?? '').includes('json') ? await res.json() : await res.text()) as T;
}

/** A text download (CSV) as a string. */
export async function requestText(url: string): Promise<string> {
  return (await send('GET', url, undefined, 'text/csv, text/plain, */*')).text();
}
