// Shared state of the officer app: the logged-in user, the current programme and its role, navigation helpers.
import type { MessageKey } from '../i18n';

export interface User { id: string; email: string; name: string; isAdmin: boolean; preferredLanguage: 'en' | 'ar' }
export interface Programme { id: string; code: string; nameEn: string; nameAr: string; role: 'viewer' | 'officer' | 'administrator'; settings: Record<string, any> }

export const state: { user: User | null; programmes: Programme[]; programme: Programme | null } = { user: null, programmes: [], programme: null };

export interface PageCtx {
  main: HTMLElement;
  programme: Programme;
  params: Record<string, string>;
  query: URLSearchParams;
  /** true when the page was replaced by a newer navigation: stop updating the DOM */
  stale(): boolean;
}

export const canManage = (p: Programme | null) => !!p && (p.role === 'officer' || p.role === 'administrator');
/** may this role open the page (management pages: officers; audit: programme administrators) */
export const canOpen = (p: Programme | null, x: { manage?: boolean; admin?: boolean } | undefined) =>
  !x || (!x.manage || canManage(p)) && (!x.admin || p?.role === 'administrator');

export function go(hash: string): void { if (location.hash !== hash) location.hash = hash; else window.dispatchEvent(new HashChangeEvent('hashchange')); }

export const pHref = (pid: string, page: string) => `#/programmes/${encodeURIComponent(pid)}/${page}`;

/** Navigation entries of a programme; `manage` ones are only shown to officers and administrators. */
export const PROGRAMME_PAGES: Array<{ page: string; label: MessageKey; manage?: boolean; admin?: boolean }> = [
  { page: 'overview', label: 'nav.overview' }, { page: 'rates', label: 'nav.rates' }, { page: 'explorer', label: 'nav.explorer' },
  { page: 'downloads', label: 'nav.downloads' }, { page: 'activities', label: 'nav.activities' },
  { page: 'stakeholders', label: 'nav.stakeholders', manage: true }, { page: 'waves', label: 'nav.waves', manage: true },
  { page: 'questionnaires', label: 'nav.questionnaires', manage: true }, { page: 'indicators', label: 'nav.indicators', manage: true },
  { page: 'audit', label: 'nav.audit', manage: true, admin: true },
];
