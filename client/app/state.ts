// Shared state of the officer app: the logged-in user, the current programme and its role, navigation helpers.
import type { MessageKey } from '../i18n';
import type { Programme, User } from './wire';

export type { Programme, User };

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
  // issue 13: the programme's own set-up pages
  { page: 'logframe', label: 'nav.logframe', manage: true }, { page: 'settings', label: 'nav.settings', manage: true },
  { page: 'members', label: 'nav.members', manage: true, admin: true },
];
/** pages reachable by link only (no navigation entry), with their access (issue 13) */
export const HIDDEN_PAGES: Array<{ page: string; manage?: boolean; admin?: boolean }> = [{ page: 'indicator-edit', manage: true }];
