import type { KpiDefinition } from '../definition';
import { daysToCustomer, prospectToCustomerRate, secondPurchase90dRate } from './conversion';
import { leadConversionRate, leadsCreated } from './leads';
import { referral6mRate } from './referral';
import { cac, customerLifetimeValue } from './value';

export { deriveCustomers } from './customers';
export {
  cac,
  customerLifetimeValue,
  daysToCustomer,
  leadConversionRate,
  leadsCreated,
  prospectToCustomerRate,
  referral6mRate,
  secondPurchase90dRate,
};

const CUSTOMERS = ['deals (won ones)', 'companies', 'contacts', 'leads'];

export const customerKpis: readonly KpiDefinition[] = [
  {
    id: 'days_to_customer',
    mainMeasure: 'median',
    unit: 'days',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: CUSTOMERS,
    compute: daysToCustomer,
  },
  {
    id: 'prospect_to_customer_rate',
    mainMeasure: 'rate',
    unit: 'ratio',
    basis: 'cohort',
    defaultPeriod: 'last completed quarter',
    needs: [],
    inputs: CUSTOMERS,
    compute: prospectToCustomerRate,
  },
  {
    id: 'second_purchase_90d_rate',
    mainMeasure: 'rate',
    unit: 'ratio',
    basis: 'cohort',
    defaultPeriod: 'last completed quarter',
    needs: [],
    inputs: ['deals (won ones)'],
    compute: secondPurchase90dRate,
  },
  {
    id: 'referral_6m_rate',
    mainMeasure: 'rate',
    unit: 'ratio',
    basis: 'cohort',
    defaultPeriod: 'last completed quarter',
    needs: ['referrerProperty', 'stageRoles.qualified'],
    inputs: ['deals*', 'companies', 'contacts'],
    compute: referral6mRate,
  },
  {
    id: 'leads_created',
    mainMeasure: 'count',
    unit: 'count',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ['leads|contacts'],
    compute: leadsCreated,
  },
  {
    id: 'lead_conversion_rate',
    mainMeasure: 'rate',
    unit: 'ratio',
    basis: 'cohort',
    defaultPeriod: 'last completed quarter',
    needs: [],
    inputs: ['leads|contacts', 'deals'],
    compute: leadConversionRate,
  },
  {
    id: 'customer_lifetime_value',
    mainMeasure: 'historical_mean',
    unit: 'currency',
    basis: 'snapshot',
    defaultPeriod: 'to date (predictive: last-365d)',
    needs: ['grossMargin', 'customerLifetimeYears'],
    inputs: ['deals (won ones)'],
    compute: customerLifetimeValue,
  },
  {
    id: 'cac',
    mainMeasure: 'cac',
    unit: 'currency',
    basis: 'period',
    defaultPeriod: 'last completed month',
    needs: ['spend'],
    inputs: ['deals (won ones)', 'config spend'],
    compute: cac,
  },
];
