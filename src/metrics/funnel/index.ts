import type { KpiDefinition } from '../definition';
import { dangerPoints } from './danger-points';
import { leadsNeeded } from './leads-needed';
import { proposalLossRate } from './proposal-loss';
import { stageConversion } from './stage-conversion';

export { analyseSteps } from './cohort';
export { dangerPoints, leadsNeeded, proposalLossRate, stageConversion };

export const funnelKpis: readonly KpiDefinition[] = [
  {
    id: 'stage_conversion',
    mainMeasure: 'next_step',
    unit: 'ratio',
    basis: 'cohort',
    defaultPeriod: 'created in the 12 months before now − median cycle',
    needs: [],
    inputs: ['deals*', 'stages'],
    compute: stageConversion,
  },
  {
    id: 'leads_needed',
    mainMeasure: 'leads',
    unit: 'count',
    basis: 'snapshot',
    defaultPeriod: 'fiscal year containing now',
    needs: ['targets'],
    inputs: ['deals*', 'stages', 'leads|contacts'],
    compute: leadsNeeded,
  },
  {
    id: 'danger_points',
    mainMeasure: 'step_rate',
    unit: 'ratio',
    basis: 'cohort',
    defaultPeriod: 'last completed calendar quarter',
    needs: [],
    inputs: ['deals*', 'stages'],
    compute: dangerPoints,
  },
  {
    id: 'proposal_loss_rate',
    mainMeasure: 'loss_rate',
    unit: 'ratio',
    basis: 'cohort',
    defaultPeriod: 'last completed month',
    needs: ['stageRoles.proposal'],
    inputs: ['deals*', 'stages'],
    compute: proposalLossRate,
  },
];
