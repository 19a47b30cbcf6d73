/**
 * The simulator clock lives in the model (`model.now`, epoch ms): only tests and the CLI move it, and it never goes
 * back, so every event the mutations append stays in time order.
 */
import type { SimModel } from './model';

/** Minutes, hours and days in ms, for readable `advance(model, 3 * DAY)`. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Moves the clock forward by `ms` (>= 0) and returns the new now. */
export function advance(model: SimModel, ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance: ${ms} ms is not a forward step`);
  model.now += ms;
  return model.now;
}

/** Moves the clock to `at` (epoch ms), which must not be before now; returns the new now. */
export function advanceTo(model: SimModel, at: number): number {
  if (!Number.isFinite(at) || at < model.now) throw new RangeError(`advanceTo: ${at} is before now (${model.now})`);
  model.now = at;
  return model.now;
}
