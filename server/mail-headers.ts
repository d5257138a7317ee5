// Mail header hygiene: names, subjects and addresses never carry CR/LF or other control characters into a header.

/** C0/C1 controls, DEL, and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/** One header line from any text: control characters (CR/LF included) become a space, runs of spaces one, ends trimmed. */
export function headerText(value: string): string {
  return value.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
}

/** An address header: only what comes before the first control character (a line break cannot add recipients). */
export function headerAddress(value: string): string {
  return value.split(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/, 1)[0].trim();
}

/** The message with its header fields (to, subject) made safe; the bodies are left as they are. */
export function withSafeHeaders<T extends { to: string; subject: string }>(msg: T): T {
  return { ...msg, to: headerAddress(msg.to), subject: headerText(msg.subject) };
}
