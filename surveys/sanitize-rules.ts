// The HTML allow-list of questionnaire texts, shared by the server's sanitiser (sanitize-html, on save) and the
// browser's (DOM, when SurveyJS renders a text): the same tags, attributes and URL rules on both sides.

export const ALLOWED_TAGS = ['b', 'i', 'em', 'strong', 'u', 'p', 'br', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'span', 'a', 'img'];
export const ALLOWED_ATTRIBUTES: Record<string, string[]> = { a: ['href', 'title', 'target', 'rel'], img: ['src', 'alt', 'width', 'height'] };
/** Schemes allowed in href (links) and src (images). */
export const LINK_SCHEMES = ['http', 'https', 'mailto'];
export const IMAGE_SCHEMES = ['http', 'https', 'data'];
/** Images only from http(s) or inline raster data (no SVG: it can carry script). */
export const IMAGE_SRC = /^(https?:\/\/|data:image\/(png|jpe?g|gif|webp);)/i;
/** Elements dropped with their content (everything else not allowed is unwrapped, keeping its text). */
export const DROPPED_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'title', 'head'];
/** A string is treated as HTML only when it has something that looks like a tag; plain text (`x < 5`, `Q&A`) is kept as is. */
export const LOOKS_LIKE_HTML = /<[a-zA-Z!/?]/;

/** Is this URL allowed for the attribute (`href` of a link, `src` of an image)? Relative URLs are allowed; `//host` is not. */
export function allowedUrl(attr: 'href' | 'src', url: string): boolean {
  const t = url.trim();
  if (attr === 'src') return IMAGE_SRC.test(t);
  if (t.startsWith('//')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(t);
  return !scheme || LINK_SCHEMES.includes(scheme[1].toLowerCase());
}

/** Text for places that show no HTML (exports, codebook, chart labels): tags removed, entities decoded, spaces collapsed. */
export function plainText(s: string): string {
  if (!LOOKS_LIKE_HTML.test(s) && !/&[a-z#0-9]+;/i.test(s)) return s;
  const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return s.replace(/<br\s*\/?>|<\/(p|li|h[1-6])>/gi, ' ').replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => (e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENT[e.toLowerCase()] ?? m))
    .replace(/\s+/g, ' ').trim();
}
