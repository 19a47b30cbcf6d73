import { ConfigError } from '../lib/errors';
import { generateModel } from '../simulator/generator';
import type { SimModel } from '../simulator/model';
import { loadScenarioFile } from '../simulator/scenario/load';

/** A scenario file, or a generated history of the given size, as the simulator's model. */
export async function buildModel(opts: {
  scenario?: string;
  deals: number;
  months: number;
  seed: number;
  now: number;
  /** `--now` given: it overrides a scenario's own clock. */
  nowExplicit: boolean;
}): Promise<SimModel> {
  if (opts.scenario) {
    const { model } = await loadScenarioFile(opts.scenario);
    if (opts.nowExplicit) model.now = opts.now;
    return model;
  }
  for (const [key, value] of [
    ['--deals', opts.deals],
    ['--months', opts.months],
    ['--seed', opts.seed],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${key} must be a whole number, got ${value}`);
  }
  return generateModel({ seed: opts.seed, deals: opts.deals, months: opts.months, now: opts.now });
}

/** `2026-03-31T18:00:00Z` -> epoch ms, with a clear error otherwise. */
export function parseInstant(text: string): number {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) {
    throw new ConfigError(`--now must be an ISO instant such as 2026-06-30T09:00:00Z, got "${text}"`);
  }
  return ms;
}
