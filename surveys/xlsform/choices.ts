// The XLSForm choices sheet: lists of codes with their labels; codes become numbers only when every code of the list is numeric.
import type { Sheet, RowView, TProblem } from './sheets';

export interface TChoiceRow { row: RowView; name: string; cols: Map<string, string> }
export interface TChoiceList { name: string; rows: TChoiceRow[]; numeric: boolean }

/** Integers and decimals without leading zeros ("01" stays a text code: as a number it would become 1). */
export const NUMERIC_CODE = /^-?(0|[1-9]\d*)(\.\d+)?$/;

export function readChoiceLists(sheet: Sheet | undefined, problems: TProblem[]): Map<string, TChoiceList> {
  const lists = new Map<string, TChoiceList>();
  if (!sheet) return lists;
  const nameKey = sheet.has('name') ? 'name' : sheet.has('value') ? 'value' : undefined;
  if (!sheet.has('list_name') || !nameKey) {
    problems.push({ severity: 'error', sheet: sheet.name, row: 1,
      message: `the choices sheet needs the columns "list_name" and "name" (found: ${sheet.columns.map((c) => c.header).join(', ') || 'none'})` });
    return lists;
  }
  const seen = new Map<string, number>();
  for (const row of sheet.rows) {
    const listName = row.get('list_name'), name = row.get(nameKey);
    if (!listName) { problems.push({ severity: 'error', ...row.at('list_name'), message: 'the choice has no list_name' }); continue; }
    if (!name) { problems.push({ severity: 'error', ...row.at(nameKey), message: `a choice of the list "${listName}" has no name (its code)` }); continue; }
    const key = `${listName}\u0000${name}`;
    if (seen.has(key)) {
      problems.push({ severity: 'error', ...row.at(nameKey), message: `duplicate choice name "${name}" in the list "${listName}" (also row ${seen.get(key)})` });
      continue;
    }
    seen.set(key, row.row);
    let list = lists.get(listName);
    if (!list) lists.set(listName, list = { name: listName, rows: [], numeric: true });
    list.rows.push({ row, name, cols: row.byKey() });
  }
  for (const list of lists.values()) list.numeric = list.rows.every((r) => NUMERIC_CODE.test(r.name));
  return lists;
}

/** The stored code of a choice: a number when the whole list is numeric, else the text as written. */
export function codeOf(list: TChoiceList, name: string): string | number {
  return list.numeric && NUMERIC_CODE.test(name) ? Number(name) : name;
}
