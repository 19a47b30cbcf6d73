import type { KpiDefinition } from '../definition';
import { avgRevenuePerSale, salesCycleDays } from './cycle';
import { inboundOutboundSplit } from './split';
import { salesVelocity } from './velocity';
import { winRate } from './win-rate';
import { wonRevenue } from './won-revenue';

export { elapsedFraction, targetProgress } from './targets';
export { velocity } from './velocity';
export { avgRevenuePerSale, inboundOutboundSplit, salesCycleDays, salesVelocity, winRate, wonRevenue };

export const revenueKpis: readonly KpiDefinition[] = [
  {
    id: 'won_revenue',
    mainMeasure: 'amount',
    unit: 'currency',
    basis: 'period',
    defaultPeriod: 'FYTD',
    needs: ['targets'],
    inputs: ['deals|closedFacts', 'owners'],
    compute: wonRevenue,
  },
  {
    id: 'sales_cycle_days',
    mainMeasure: 'median',
    unit: 'days',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ['deals|closedFacts'],
    compute: salesCycleDays,
  },
  {
    id: 'avg_revenue_per_sale',
    mainMeasure: 'mean',
    unit: 'currency',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ['deals|closedFacts'],
    compute: avgRevenuePerSale,
  },
  {
    id: 'win_rate',
    mainMeasure: 'by_count',
    unit: 'ratio',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ['deals|closedFacts'],
    compute: winRate,
  },
  {
    id: 'sales_velocity',
    mainMeasure: 'velocity',
    unit: 'per_day',
    basis: 'window',
    defaultPeriod: 'last-90d',
    needs: [],
    inputs: ['deals'],
    compute: salesVelocity,
  },
  {
    id: 'inbound_outbound_split',
    mainMeasure: 'won_amount',
    unit: 'currency',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ['deals|closedFacts', 'leads|contacts'],
    compute: inboundOutboundSplit,
  },
];
