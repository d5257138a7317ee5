// Reporting periods: the default quarters of a programme derived from its start and end dates (pure, no I/O).

export interface ReportingPeriodDraft {
  code: string;
  nameEn: string;
  nameAr: string;
  /** ISO dates, inclusive */
  startsOn: string;
  endsOn: string;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function parseIsoDate(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`not an ISO date: ${s}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/**
 * Consecutive three-month periods from the programme's start date (Q1 = the first three months of the
 * programme, as donors' reporting calendars count them) until the end date; the last one is cut at the end date.
 */
export function defaultQuarters(startsOn: string, endsOn: string, maxPeriods = 80): ReportingPeriodDraft[] {
  const start = parseIsoDate(startsOn);
  const end = parseIsoDate(endsOn);
  if (end.getTime() < start.getTime()) throw new RangeError('end before start');
  const out: ReportingPeriodDraft[] = [];
  for (let i = 0; i < maxPeriods; i++) {
    const from = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3 * i, start.getUTCDate()));
    if (from.getTime() > end.getTime()) break;
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3 * (i + 1), start.getUTCDate()));
    const last = new Date(Math.min(next.getTime() - 86400000, end.getTime()));
    const n = i + 1;
    const label = `${isoDate(from).slice(0, 7)} – ${isoDate(last).slice(0, 7)}`;
    out.push({
      code: `Q${n}`,
      nameEn: `Quarter ${n} (${label})`,
      // Latin digits, as the officer app and the exports show numbers in Arabic too
      nameAr: `الربع ${n} (${label})`,
      startsOn: isoDate(from),
      endsOn: isoDate(last),
    });
  }
  return out;
}

/** The period that contains a date (ISO), if any. */
export function periodOf<P extends { startsOn: string; endsOn: string }>(periods: P[], date: string): P | undefined {
  const d = date.slice(0, 10);
  return periods.find((p) => p.startsOn <= d && d <= p.endsOn);
}
