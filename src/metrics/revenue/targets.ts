/**
 * Target arithmetic: how much of the fiscal year has elapsed, pro-rata by exact time or by monthly weights, and
 * the attainment, pace and run-rate projection built on it.
 */
import { type Interval, periodContaining } from '../../lib/time';
import type { TargetRow } from '../config';

/**
 * Elapsed fraction (0..1) of fiscal year `fy` at instant `at`: exact time ÷ the year's length, or with 12 monthly
 * weights the full weights of the months elapsed plus the elapsed part of the current month's weight.
 */
export function elapsedFraction(fy: Interval, at: number, timeZone: string, weights?: readonly number[]): number {
  if (at <= fy.start) return 0;
  if (at >= fy.end) return 1;
  if (weights?.length !== 12) return (at - fy.start) / (fy.end - fy.start);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return (at - fy.start) / (fy.end - fy.start);
  let done = 0;
  let cursor = fy.start;
  for (const w of weights) {
    const month = periodContaining('month', cursor, timeZone);
    if (at >= month.end) done += w;
    else {
      done += (w * (at - month.start)) / (month.end - month.start);
      break;
    }
    cursor = month.end;
  }
  return done / total;
}

export interface TargetProgress {
  /** won FYTD ÷ annual target. */
  attainment: number | null;
  /** annual target × elapsed fraction. */
  targetToDate: number;
  /** won FYTD ÷ target-to-date (1 = on pace). */
  pace: number | null;
  /** won FYTD ÷ elapsed fraction: the fiscal year's revenue at the current run rate. */
  projection: number | null;
}

/** Attainment, pace and run-rate projection of `wonFytd` against `target` at instant `at`. */
export function targetProgress(
  target: TargetRow,
  wonFytd: number,
  fy: Interval,
  at: number,
  timeZone: string,
): TargetProgress {
  const fraction = elapsedFraction(fy, at, timeZone, target.monthlyWeights);
  const targetToDate = target.annual * fraction;
  return {
    attainment: target.annual === 0 ? null : wonFytd / target.annual,
    targetToDate,
    pace: targetToDate === 0 ? null : wonFytd / targetToDate,
    projection: fraction === 0 ? null : wonFytd / fraction,
  };
}
