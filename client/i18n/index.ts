// The officer app's i18n: current language (en/ar), translation with {param} substitution, document direction.
import { en, type MessageKey } from './en';
import { ar } from './ar';
import type { Lang } from '../../contracts/common';

export type { Lang };
const TABLES: Record<Lang, Record<MessageKey, string>> = { en, ar };
let current: Lang = 'en';

export function lang(): Lang { return current; }

export function setLang(l: Lang): void {
  current = l;
  document.documentElement.lang = l;
  document.documentElement.dir = l === 'ar' ? 'rtl' : 'ltr';
  try { localStorage.setItem('marsad.lang', l); } catch { /* private mode */ }
}

export function storedLang(): Lang | null {
  try { const v = localStorage.getItem('marsad.lang'); return v === 'ar' || v === 'en' ? v : null; } catch { return null; }
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const s = TABLES[current][key] ?? en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export type { MessageKey };
