/**
 * The `kpis` section of pulse.config.yaml (and a scenario's `config`): validate with `parseKpiSettings` (or the
 * main config schema's `kpis` key), then turn labels into ids with `resolveKpiConfig` once the CRM's labels are
 * known. See docs/configuration.md, section kpis.
 */
export { didYouMean, formatKpiIssue, formatKpiPath, type KpiIssue } from './issues';
export type { KnownTeam, KpiCatalog } from './lookup';
export { type KpiSettingsResult, kpisConfigField, parseKpiSettings } from './parse';
export { applyOwnerTeams, type ResolvedKpis, type ResolveKpiOptions, resolveKpiConfig } from './resolve';
export { type KpiSettings, kpiSettingsSchema, type SpendSetting } from './schema';
export { loadSpendFile, parseSpendCsv, type ReadText, type SpendParse } from './spend';
