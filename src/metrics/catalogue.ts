/**
 * The KPI catalogue: every id of the specification with its main measure, unit, counting basis, default period
 * and the config it needs. `computeKpis` runs it; the docs table mirrors it.
 */
import { activityKpis } from './activity';
import type { KpiConfig } from './config';
import { customerKpis } from './customers';
import type { KpiDefinition } from './definition';
import { funnelKpis } from './funnel';
import { pipelineKpis } from './pipeline';
import { revenueKpis } from './revenue';

export type { ConfigNeed, KpiDefinition, KpiFunction } from './definition';

/** Every KPI id of the specification, grouped by family. */
export const KPI_CATALOGUE: readonly KpiDefinition[] = [
  ...pipelineKpis,
  ...funnelKpis,
  ...revenueKpis,
  ...activityKpis,
  ...customerKpis,
];

export const KPI_IDS: readonly string[] = KPI_CATALOGUE.map((k) => k.id);

/** The definition of a KPI id; throws on an unknown id so a typo in config is loud. */
export function kpiDefinition(id: string): KpiDefinition {
  const def = KPI_CATALOGUE.find((k) => k.id === id);
  if (!def) throw new RangeError(`unknown KPI "${id}" (known: ${KPI_IDS.join(', ')})`);
  return def;
}

/** Config keys a KPI still needs under `config` for the given pipelines (empty = ready). */
export function missingConfig(def: KpiDefinition, config: KpiConfig, pipelineIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const need of def.needs) {
    if (need === 'targets' && config.targets.length === 0) out.push('kpis.targets');
    if (need === 'referrerProperty' && config.referrerProperty === undefined) out.push('kpis.referrerProperty');
    if (need === 'spend' && config.spend === undefined) out.push('kpis.spend');
    if (need === 'grossMargin' && config.grossMargin === undefined) out.push('kpis.grossMargin');
    if (need === 'customerLifetimeYears' && config.customerLifetimeYears === undefined)
      out.push('kpis.customerLifetimeYears');
    if (need === 'stageRoles.qualified' || need === 'stageRoles.proposal') {
      const role = need === 'stageRoles.qualified' ? 'qualified' : 'proposal';
      if (!pipelineIds.some((p) => config.stageRoles[p]?.[role] !== undefined)) {
        out.push(...pipelineIds.map((p) => `kpis.stageRoles.${p}.${role}`));
      }
    }
  }
  return out;
}
