import type { KpiDefinition } from '../definition';
import { pipelineCoverage } from './coverage';
import { openDealsByStage } from './open-deals';
import { openValueByStage } from './open-value';

export { openDealsByStage, openValueByStage, pipelineCoverage };

export const pipelineKpis: readonly KpiDefinition[] = [
  {
    id: 'open_deals_by_stage',
    mainMeasure: 'count',
    unit: 'count',
    basis: 'snapshot',
    defaultPeriod: 'now (first_entered: the current month)',
    needs: [],
    inputs: ['deals*', 'stages'],
    compute: openDealsByStage,
  },
  {
    id: 'open_value_by_stage',
    mainMeasure: 'unweighted',
    unit: 'currency',
    basis: 'snapshot',
    defaultPeriod: 'now',
    needs: [],
    inputs: ['deals*', 'stages'],
    compute: openValueByStage,
  },
  {
    id: 'pipeline_coverage',
    mainMeasure: 'weighted',
    unit: 'ratio',
    basis: 'snapshot',
    defaultPeriod: 'fiscal year containing now',
    needs: ['targets'],
    inputs: ['deals*', 'stages', 'owners'],
    compute: pipelineCoverage,
  },
];
