/**
 * Validation entry points of the `kpis` section: a standalone parse for scenario files and `pulse verify`
 * (paths under `config.`), and a zod field for the main config schema (paths under `kpis.`).
 */
import { z } from 'zod';
import { formatKpiIssue, type KpiIssue, toKpiIssues } from './issues';
import { type KpiSettings, kpiSettingsSchema } from './schema';

/** The outcome of `parseKpiSettings`: the settings, or every problem at once. */
export type KpiSettingsResult = { ok: true; settings: KpiSettings } | { ok: false; issues: string[] };

/** Validates without formatting; `null` and `undefined` count as an empty section (YAML `kpis:` with nothing). */
function validate(raw: unknown): { settings: KpiSettings } | { issues: KpiIssue[] } {
  const result = kpiSettingsSchema.safeParse(raw ?? {});
  if (result.success) return { settings: result.data };
  return { issues: toKpiIssues(kpiSettingsSchema, result.error.issues) };
}

/**
 * Validates a `kpis` section or a scenario's `config` (same shape). Issues are formatted like the main config's
 * (`config.targets[0].annual: must be a number ≥ 0 (the annual revenue target)`).
 *
 * @param raw - the parsed YAML value
 * @param pathPrefix - what the paths start with: `kpis` in pulse.config.yaml, `config` in a scenario file
 */
export function parseKpiSettings(raw: unknown, pathPrefix = 'kpis'): KpiSettingsResult {
  const checked = validate(raw);
  if ('settings' in checked) return { ok: true, settings: checked.settings };
  return { ok: false, issues: checked.issues.map((issue) => formatKpiIssue(pathPrefix, issue)) };
}

/**
 * The `kpis` key of the main config schema. It re-reports this section's issues as custom issues so that the
 * main `formatIssues` prints them with their did-you-mean (it would print a bare "unknown key" otherwise) and
 * `kpis.` in front of each path.
 */
export const kpisConfigField = z
  .unknown()
  .transform((raw, ctx): KpiSettings | undefined => {
    if (raw === undefined || raw === null) return undefined;
    const checked = validate(raw);
    if ('settings' in checked) return checked.settings;
    for (const issue of checked.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    return z.NEVER;
  })
  .optional();
