// Shared message helpers of the management pages (the stakeholders and waves pages moved to stakeholders.ts and waves.ts).
import { list } from '../api';
import { clear, notice } from '../dom';

export function say(box: HTMLElement, text: string, kind: 'ok' | 'error' = 'ok'): void { clear(box); box.append(notice(text, kind)); }

interface Issue { path?: string; line?: number; item?: string; message?: string; problem?: string; reason?: string }
export const errText = (e: unknown): string => {
  const d = (e as { details?: { issues?: unknown; problems?: unknown; errors?: unknown } }).details;
  const issues = list<Issue>(d?.issues ?? d?.problems ?? d?.errors).map((i) => [i.path ?? i.line ?? i.item, i.message ?? i.problem ?? i.reason].filter(Boolean).join(': '));
  return [(e as Error).message, ...issues].join(' — ');
};
