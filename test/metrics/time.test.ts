import { describe, expect, it } from 'vitest';
import { resolvePeriod } from '../../src/lib/periods';
import { DAY_MS, elapsedDays, HOUR_MS, lastCompletedPeriod, parseInstant, periodContaining } from '../../src/lib/time';

const PARIS = 'Europe/Paris';
const APRIL = { startMonth: 4, naming: 'end' as const };
const iso = (ms: number) => new Date(ms).toISOString();

describe('time-zone aware periods', () => {
  it('puts a deal won at 23:30 UTC on a Sunday into the next ISO week in Europe/Paris', () => {
    const won = parseInstant('2026-02-01T23:30:00Z'); // Monday 00:30 in Paris
    expect(periodContaining('week', won, PARIS).label).toBe('2026-W06');
    expect(periodContaining('week', won, 'UTC').label).toBe('2026-W05');
  });

  it('gives a week across the spring DST change its real 167 hours, from Monday local midnight', () => {
    const w = resolvePeriod('2026-W13', 0, PARIS);
    expect(iso(w.start)).toBe('2026-03-22T23:00:00.000Z');
    expect(iso(w.end)).toBe('2026-03-29T22:00:00.000Z');
    expect((w.end - w.start) / HOUR_MS).toBe(167);
  });

  it('measures durations as exact elapsed days, not calendar days, across DST', () => {
    expect(
      elapsedDays(parseInstant('2026-03-28T12:00:00+01:00'), parseInstant('2026-03-29T12:00:00+02:00')),
    ).toBeCloseTo(23 / 24, 12);
  });

  it('names a fiscal year starting in April by the year it ends in', () => {
    const fy = resolvePeriod('FY2027', 0, PARIS, APRIL);
    expect(iso(fy.start)).toBe('2026-03-31T22:00:00.000Z'); // 1 April 2026, 00:00 CEST
    expect(iso(fy.end)).toBe('2027-03-31T22:00:00.000Z');
    expect(periodContaining('fiscal_year', parseInstant('2026-03-31T12:00:00Z'), PARIS, APRIL).label).toBe('FY2026');
    expect(periodContaining('fiscal_year', parseInstant('2026-04-01T12:00:00Z'), PARIS, APRIL).label).toBe('FY2027');
  });

  it('can name fiscal years by the year they start in', () => {
    const at = parseInstant('2026-05-10T12:00:00Z');
    expect(periodContaining('fiscal_year', at, PARIS, { startMonth: 4, naming: 'start' }).label).toBe('FY2026');
  });

  it('keeps 2026-Q1 a calendar quarter while FY2027-Q1 is the first fiscal quarter', () => {
    const q = resolvePeriod('2026-Q1', 0, PARIS, APRIL);
    expect(iso(q.start)).toBe('2025-12-31T23:00:00.000Z');
    const fq = resolvePeriod('FY2027-Q1', 0, PARIS, APRIL);
    expect(iso(fq.start)).toBe('2026-03-31T22:00:00.000Z');
    expect(iso(fq.end)).toBe('2026-06-30T22:00:00.000Z');
    expect(periodContaining('fiscal_quarter', parseInstant('2027-02-15T12:00:00Z'), PARIS, APRIL).label).toBe(
      'FY2027-Q4',
    );
  });

  it('reads a trailing window as exactly N × 24 h before now', () => {
    const now = parseInstant('2026-03-31T18:00:00Z');
    const w = resolvePeriod('last-90d', now, PARIS);
    expect(w).toMatchObject({ kind: 'window', label: 'last-90d', end: now, start: now - 90 * DAY_MS });
  });

  it('reads {from, to} as half-open with dates at local midnight', () => {
    const r = resolvePeriod({ from: '2026-02-01', to: '2026-03-01' }, 0, PARIS);
    expect(iso(r.start)).toBe('2026-01-31T23:00:00.000Z');
    expect(iso(r.end)).toBe('2026-02-28T23:00:00.000Z');
    expect(r.label).toEqual({ from: '2026-02-01', to: '2026-03-01' });
  });

  it('finds the last completed week for the weekly digest', () => {
    const now = parseInstant('2026-02-04T10:00:00Z'); // a Wednesday in W06
    expect(lastCompletedPeriod('week', now, PARIS).label).toBe('2026-W05');
  });

  it('rejects a week 53 that the year does not have and unknown labels', () => {
    expect(() => resolvePeriod('2025-W53', 0, PARIS)).toThrow(/invalid/);
    expect(resolvePeriod('2026-W53', 0, PARIS).label).toBe('2026-W53');
    expect(() => resolvePeriod('2026-13', 0, PARIS)).toThrow();
    expect(() => resolvePeriod('yesterday', 0, PARIS)).toThrow(/unknown period/);
  });
});
