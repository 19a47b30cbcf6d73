import type { KpiDefinition } from '../definition';
import { connectRate, conversations, prospectCalls, prospectingEmails, voicemails } from './calls';
import { conversationsToClose } from './conversations-to-close';
import { emailsCallsCorrelation } from './correlation';
import { neverEngagedRate } from './never-engaged';

export {
  connectRate,
  conversations,
  conversationsToClose,
  emailsCallsCorrelation,
  neverEngagedRate,
  prospectCalls,
  prospectingEmails,
  voicemails,
};

const ENGAGEMENTS = ['engagements', 'deals (won ones: customer since)', 'contacts', 'owners'];

export const activityKpis: readonly KpiDefinition[] = [
  {
    id: 'conversations',
    mainMeasure: 'count',
    unit: 'count',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ENGAGEMENTS,
    compute: conversations,
  },
  {
    id: 'prospect_calls',
    mainMeasure: 'count',
    unit: 'count',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ENGAGEMENTS,
    compute: prospectCalls,
  },
  {
    id: 'voicemails',
    mainMeasure: 'count',
    unit: 'count',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ENGAGEMENTS,
    compute: voicemails,
  },
  {
    id: 'connect_rate',
    mainMeasure: 'rate',
    unit: 'ratio',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ENGAGEMENTS,
    compute: connectRate,
  },
  {
    id: 'prospecting_emails',
    mainMeasure: 'count',
    unit: 'count',
    basis: 'period',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ENGAGEMENTS,
    compute: prospectingEmails,
  },
  {
    id: 'emails_calls_correlation',
    mainMeasure: 'r',
    unit: 'ratio',
    basis: 'window',
    defaultPeriod: 'last 12 completed ISO weeks',
    needs: [],
    inputs: ENGAGEMENTS,
    compute: emailsCallsCorrelation,
  },
  {
    id: 'conversations_to_close',
    mainMeasure: 'median',
    unit: 'count',
    basis: 'period',
    defaultPeriod: 'last completed month',
    needs: ['stageRoles.qualified'],
    inputs: ['deals*', 'stages', ...ENGAGEMENTS],
    compute: conversationsToClose,
  },
  {
    id: 'never_engaged_rate',
    mainMeasure: 'rate',
    unit: 'ratio',
    basis: 'cohort',
    defaultPeriod: 'current month',
    needs: [],
    inputs: ENGAGEMENTS,
    compute: neverEngagedRate,
  },
];
