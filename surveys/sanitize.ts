// Cleans the HTML-bearing strings of a SurveyJS definition (every locale) with sanitize-html and a strict allow-list; idempotent.
import sanitizeHtml from 'sanitize-html';
import type { TDefinition } from './definition';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, DROPPED_WITH_CONTENT, IMAGE_SCHEMES, IMAGE_SRC, LINK_SCHEMES, LOOKS_LIKE_HTML } from './sanitize-rules';

export { plainText } from './sanitize-rules';

/** Properties whose strings may be shown as HTML by SurveyJS (titles, texts, HTML blocks, labels, placeholders, messages). */
export const HTML_PROPERTIES = new Set([
  'title', 'description', 'completedHtml', 'completedBeforeHtml', 'loadingHtml', 'html', 'text', 'labelTrue', 'labelFalse',
  'minRateDescription', 'maxRateDescription', 'placeholder', 'otherText', 'noneText', 'selectAllText', 'refuseText', 'dontKnowText',
  'otherPlaceholder', 'commentPlaceholder', 'commentText', 'requiredErrorText', 'otherErrorText', 'navigationTitle',
  'navigationDescription', 'processedTitle', 'startSurveyText', 'pagePrevText', 'pageNextText', 'completeText', 'emptyRowsText',
  'addRowText', 'removeRowText', 'panelAddText', 'panelRemoveText', 'templateTitle', 'templateDescription', 'totalFormat', 'logo',
  'imageLink', 'preambleText', 'questionsOnPageMode', 'completedHtmlOnCondition', 'minErrorText', 'maxErrorText',
]);
/** Properties that hold URLs rather than HTML. */
const URL_PROPERTIES = new Set(['logo', 'imageLink']);
/** Properties that are structural values, never HTML. */
const SKIP = new Set(['questionsOnPageMode']);

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ALLOWED_ATTRIBUTES,
  allowedSchemes: LINK_SCHEMES,
  allowedSchemesByTag: { img: IMAGE_SCHEMES },
  nonTextTags: DROPPED_WITH_CONTENT,
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // images only from http(s) or inline raster data (no SVG: it can carry script)
  exclusiveFilter: (frame) => frame.tag === 'img' && !IMAGE_SRC.test(frame.attribs.src ?? ''),
  transformTags: { a: (tagName, attribs) => ({ tagName, attribs: attribs.target ? { ...attribs, rel: 'noopener noreferrer' } : attribs }) },
};

export function sanitizeString(s: string): string {
  return LOOKS_LIKE_HTML.test(s) ? sanitizeHtml(s, OPTIONS) : s;
}

function sanitizeUrl(s: string): string {
  const t = s.trim();
  return /^(https?:\/\/|data:image\/(png|jpe?g|gif|webp);)/i.test(t) || (!/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('//')) ? s : '';
}

/** A localisable value: `"x"` or `{"default": "x", "ar": "y", ...}` — every locale is cleaned. */
function cleanLocalisable(v: unknown, clean: (s: string) => string): unknown {
  if (typeof v === 'string') return clean(v);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = typeof x === 'string' ? clean(x) : walk(x);
    return out;
  }
  return walk(v);
}

function walk(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(walk);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (HTML_PROPERTIES.has(k) && !SKIP.has(k)) {
      out[k] = k === 'completedHtmlOnCondition' ? walk(x) : cleanLocalisable(x, URL_PROPERTIES.has(k) ? sanitizeUrl : sanitizeString);
    } else out[k] = walk(x);
  }
  return out;
}

/** Returns a sanitised copy of the definition; the input is not modified. sanitizeDefinition(sanitizeDefinition(d)) = sanitizeDefinition(d). */
export function sanitizeDefinition(def: TDefinition): TDefinition {
  return walk(def) as TDefinition;
}
