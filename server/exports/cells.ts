// Spreadsheet-safe cells: text starting with = + - @ TAB or CR gets a leading apostrophe (CSV/formula injection),
// while real numbers, and text that is just a plain number such as "-3", stay as they are.
const DANGEROUS = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function neutralise(s: string): string {
  return DANGEROUS.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** CSV string formatter for @json2csv: neutralise, then quote (quotes doubled). Used for headers too. */
export function safeCsvString(value: string): string {
  const v = neutralise(value);
  return `"${v.includes('"') ? v.replaceAll('"', '""') : v}"`;
}
