// Shared bits of the programme set-up pages: API errors shown next to the field they name (EN/AR from the server's
// catalogue), confirm-then-act buttons, typed inputs, and the set-up steps (programme → institutions → logframe → questionnaire).
import { t, type MessageKey } from '../i18n';
import { ApiError } from './api';
import { clear, h, notice } from './dom';
import { pHref } from './state';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Paths an error names: details.field and every details.issues[].path / problems[].path. */
export function errorPaths(err: unknown): string[] {
  const d = err instanceof ApiError && err.details && typeof err.details === 'object' ? err.details as Record<string, unknown> : {};
  const paths: string[] = [];
  if (typeof d.field === 'string') paths.push(d.field);
  for (const key of ['issues', 'problems']) {
    const arr = d[key];
    if (Array.isArray(arr)) for (const i of arr) if (i && typeof i === 'object' && typeof (i as { path?: unknown }).path === 'string') paths.push((i as { path: string }).path);
  }
  return paths;
}

function issueText(err: unknown, path: string): string {
  const d = err instanceof ApiError && err.details && typeof err.details === 'object' ? err.details as Record<string, unknown> : {};
  for (const key of ['issues', 'problems']) {
    const arr = d[key];
    if (!Array.isArray(arr)) continue;
    const hit = arr.find((i) => i && typeof i === 'object' && (i as { path?: string }).path === path) as { message?: string; problem?: string; item?: string } | undefined;
    if (hit) return [hit.item, hit.message ?? hit.problem].filter(Boolean).join(': ');
  }
  return '';
}

/** Remove the field messages of a form. */
export function clearFieldErrors(scope: HTMLElement): void {
  scope.querySelectorAll('.field-error').forEach((e) => e.remove());
  scope.querySelectorAll('[aria-invalid="true"]').forEach((e) => e.removeAttribute('aria-invalid'));
}

/**
 * Show an API error: the catalogue message (already in the user's language) in `box`, and next to each control whose
 * name matches a path the error names (exact, or the path's first part), the same message plus the detail.
 */
export function showError(box: HTMLElement, err: unknown, controls: Record<string, Control | HTMLElement | undefined>, scope?: HTMLElement): void {
  if (scope) clearFieldErrors(scope);
  clear(box);
  const msg = err instanceof Error ? err.message : String(err);
  box.append(notice(msg, 'error'));
  for (const path of errorPaths(err)) {
    const el = controls[path] ?? controls[path.split('.')[0]];
    if (!el) continue;
    el.setAttribute('aria-invalid', 'true');
    const note = h('small', { class: 'field-error', role: 'alert', 'data-for': path }, [msg, issueText(err, path)].filter(Boolean).join(' — '));
    el.insertAdjacentElement('afterend', note);
  }
}

export function ok(box: HTMLElement, key: MessageKey, params: Record<string, string | number> = {}): void {
  clear(box);
  box.append(notice(t(key, params), 'ok'));
}

export const input = (attrs: Record<string, string | number | boolean | undefined> = {}) => h('input', attrs);
export const select = (options: Array<[string, string]>, value?: string, attrs: Record<string, string | boolean> = {}) =>
  h('select', attrs, options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
export const numOrNull = (el: HTMLInputElement): number | null => (el.value.trim() === '' ? null : Number(el.value));

/** The set-up path of a new programme, shown on each of its steps while `?setup=1`. */
export function setupSteps(pid: string, current: 'programme' | 'institutions' | 'logframe' | 'questionnaire'): HTMLElement {
  const steps: Array<[typeof current, MessageKey, string]> = [
    ['programme', 'own.stepProgramme', pHref(pid, 'settings') + '?setup=1'],
    ['institutions', 'own.stepInstitutions', pHref(pid, 'settings') + '?setup=1&focus=institutions'],
    ['logframe', 'own.stepLogframe', pHref(pid, 'logframe') + '?setup=1'],
    ['questionnaire', 'own.stepQuestionnaire', pHref(pid, 'questionnaires')],
  ];
  const at = steps.findIndex((s) => s[0] === current);
  return h('nav', { class: 'steps', 'aria-label': t('own.steps') }, h('ol', null, steps.map(([k, label, href], i) =>
    h('li', { class: i < at ? 'done' : i === at ? 'current' : null, 'aria-current': i === at ? 'step' : null },
      i === at ? h('strong', null, t(label)) : h('a', { href, 'data-step': k }, t(label))))));
}
