// Small shared pieces of the officer's invitation pages: plural phrases (Arabic has six forms), confirmation dialogs,
// status labels and error text — all through the i18n tables.
import { lang, t, type MessageKey } from '../../i18n';
import { ApiError } from '../api';
import { clear, h, notice, type Child } from '../dom';

type PluralNoun = 'people' | 'rows' | 'mails' | 'responses';

/** "6 stakeholders", "صاحبَي مصلحة", "3 rows" … with the language's plural rules (zero is "nobody" in both). */
export function plural(noun: PluralNoun, n: number): string {
  const form = n === 0 ? 'zero' : new Intl.PluralRules(lang() === 'ar' ? 'ar' : 'en').select(n);
  const key = `pl.${noun}.${form === 'one' && n !== 1 ? 'other' : form}` as MessageKey;
  return t(key, { n });
}

/** A label from the catalogue (`prefix.value`), or the value itself when there is none. */
export function label(prefix: string, value: string | null | undefined): string {
  if (!value) return '–';
  const k = `${prefix}.${value}` as MessageKey;
  const s = t(k);
  return s === k ? value : s;
}

export function errText(e: unknown): string {
  if (e instanceof ApiError) {
    const d = e.details as { errors?: Array<{ path?: string; message?: string }> } | undefined;
    const lines = (d?.errors ?? []).map((x) => [x.path, x.message].filter(Boolean).join(': '));
    return [e.message, ...lines].join(' — ');
  }
  return (e as Error).message;
}

export function say(box: HTMLElement, text: string, kind: 'ok' | 'error' | 'info' = 'ok'): void { clear(box); box.append(notice(text, kind)); }

/** A modal confirmation: resolves true when the officer presses the confirm button. */
export function confirmDialog(title: string, body: Child, confirmText: string, id = 'confirm-dialog'): Promise<boolean> {
  return new Promise((resolve) => {
    const dlg = h('dialog', { class: 'dialog', id, 'aria-labelledby': `${id}-title` });
    let ok = false;
    dlg.append(h('form', { method: 'dialog', onsubmit: (e: SubmitEvent) => { ok = (e.submitter as HTMLButtonElement | null)?.value === 'ok'; } },
      h('h2', { id: `${id}-title` }, title), h('div', { class: 'dialog-body' }, body),
      h('div', { class: 'actions' }, h('button', { type: 'submit', value: 'ok', class: 'primary', 'data-action': 'confirm' }, confirmText),
        h('button', { type: 'submit', value: 'cancel', 'data-action': 'cancel' }, t('common.cancel')))));
    dlg.addEventListener('close', () => { dlg.remove(); resolve(ok); });
    document.body.append(dlg);
    dlg.showModal();
  });
}

/** A modal form dialog: `onSave` returns true to close it (false keeps it open, e.g. after an error shown inside). */
export function formDialog(id: string, title: string, fields: Child, onSave: (msg: HTMLElement) => Promise<boolean>): void {
  const dlg = h('dialog', { class: 'dialog', id, 'aria-labelledby': `${id}-title` });
  const msg = h('div', { 'aria-live': 'polite' });
  dlg.append(h('form', { method: 'dialog', onsubmit: async (e: SubmitEvent) => {
    if ((e.submitter as HTMLButtonElement | null)?.value !== 'save') return;
    e.preventDefault();
    if (await onSave(msg)) dlg.close();
  } }, h('h2', { id: `${id}-title` }, title), fields, msg,
  h('div', { class: 'actions' }, h('button', { type: 'submit', value: 'save', class: 'primary', 'data-action': 'save' }, t('common.save')),
    h('button', { type: 'submit', value: 'cancel' }, t('common.cancel')))));
  dlg.addEventListener('close', () => dlg.remove());
  document.body.append(dlg);
  dlg.showModal();
}
