// Which waves a report's dates cover (pure, no zod: shared by the server's scope and the report builder page).

/** Does a wave's collection [opensAt, closesAt] overlap the dates [from, to] (whole UTC days, inclusive)? */
export function waveInRange(w: { opensAt: string | Date; closesAt: string | Date }, from: string, to: string): boolean {
  const iso = (d: string | Date) => (typeof d === 'string' ? d : d.toISOString()).slice(0, 10);
  return iso(w.opensAt) <= to && iso(w.closesAt) >= from;
}
