// Browser side of the questionnaire HTML rules: cleans a text with the allow-list of surveys/sanitize-rules.ts (the
// same rules the server applies on save) in an inert DOM, and turns **bold** / *italic* markdown into tags.
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, DROPPED_WITH_CONTENT, LOOKS_LIKE_HTML, allowedUrl } from '../../surveys/sanitize-rules';

const TAGS = new Set(ALLOWED_TAGS);
const DROP = new Set(DROPPED_WITH_CONTENT);

function clean(node: Node): void {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === Node.COMMENT_NODE) { child.remove(); continue; }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const el = child as Element;
    const tag = el.localName;
    if (DROP.has(tag)) { el.remove(); continue; }
    clean(el);
    if (!TAGS.has(tag)) { el.replaceWith(...el.childNodes); continue; }
    const allowed = ALLOWED_ATTRIBUTES[tag] ?? [];
    for (const a of [...el.attributes]) {
      const ok = allowed.includes(a.name) && (a.name !== 'href' && a.name !== 'src' ? true : allowedUrl(a.name, a.value));
      if (!ok) el.removeAttribute(a.name);
    }
    if (tag === 'img' && !el.hasAttribute('src')) { el.remove(); continue; }
    if (tag === 'a' && el.hasAttribute('target')) el.setAttribute('rel', 'noopener noreferrer');
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** **bold** and *italic* (no spaces inside the markers, so "2 * 3 * 4" stays as is). */
export function markdown(s: string): string {
  return s.replace(/\*\*(\S(?:[^*]*\S)?)\*\*/g, '<b>$1</b>').replace(/(^|[^*\w])\*(\S(?:[^*]*\S)?)\*(?![*\w])/g, '$1<i>$2</i>');
}

/** HTML to show for a questionnaire text, or undefined when it is plain text (SurveyJS then shows it as text). */
export function textToHtml(text: string): string | undefined {
  const isHtml = LOOKS_LIKE_HTML.test(text);
  const withMarks = markdown(isHtml ? text : escapeHtml(text));
  if (!isHtml && withMarks === escapeHtml(text)) return undefined;
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${withMarks}`, 'text/html');
  clean(doc.body);
  return doc.body.innerHTML;
}
