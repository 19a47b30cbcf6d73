import { describe, expect, it } from 'vitest';
import { parseKpiSettings } from '../../src/config/kpis';

/** Every validation message of the kpis schema, one bad value each, asserted word for word. */
function issuesOf(raw: unknown): string[] {
  const result = parseKpiSettings(raw);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('kpis settings messages', () => {
  it.each([
    ['the section itself', 5, 'kpis: must be a map of KPI settings (see docs/configuration.md, section kpis)'],
    [
      'fiscalYear',
      { fiscalYear: 4 },
      'kpis.fiscalYear: must be { startMonth, naming }, e.g. { startMonth: 4, naming: end }',
    ],
    ['startMonth 13', { fiscalYear: { startMonth: 13 } }, 'kpis.fiscalYear.startMonth: must be a month number 1-12'],
    ['startMonth 0', { fiscalYear: { startMonth: 0 } }, 'kpis.fiscalYear.startMonth: must be a month number 1-12'],
    ['startMonth 4.5', { fiscalYear: { startMonth: 4.5 } }, 'kpis.fiscalYear.startMonth: must be a month number 1-12'],
    [
      'startMonth April',
      { fiscalYear: { startMonth: 'April' } },
      'kpis.fiscalYear.startMonth: must be a month number 1-12',
    ],
    [
      'naming',
      { fiscalYear: { naming: 'begin' } },
      'kpis.fiscalYear.naming: must be end (FY named by the year it ends in) or start',
    ],
    ['currency', { currency: 'euro' }, 'kpis.currency: must be a 3-letter currency code such as EUR'],
    [
      'pipelines',
      { pipelines: 'New business' },
      'kpis.pipelines: must be a list of pipeline labels or ids, e.g. [New business]',
    ],
    ['a pipeline', { pipelines: [' '] }, 'kpis.pipelines[0]: must be a pipeline label or id'],
    ['targets', { targets: { annual: 1 } }, 'kpis.targets: must be a list of targets such as [{ annual: 1200000 }]'],
    [
      'a target',
      { targets: [1000] },
      'kpis.targets[0]: must be a target such as { annual: 1200000 } or { annual: 400000, team: east }',
    ],
    [
      'annual text',
      { targets: [{ annual: '1M' }] },
      'kpis.targets[0].annual: must be a number ≥ 0 (the annual revenue target)',
    ],
    [
      'annual missing',
      { targets: [{ team: 'east' }] },
      'kpis.targets[0].annual: required: the annual revenue target in the reporting currency, e.g. 1200000',
    ],
    ['team', { targets: [{ annual: 1, team: true }] }, 'kpis.targets[0].team: must be a team label or id'],
    [
      'owner',
      { targets: [{ annual: 1, owner: '' }] },
      'kpis.targets[0].owner: must be a user (email, name or id) label or id',
    ],
    [
      'target fiscalYear',
      { targets: [{ annual: 1, fiscalYear: 2027 }] },
      'kpis.targets[0].fiscalYear: must be a fiscal year label such as FY2027',
    ],
    [
      'target fiscalYear text',
      { targets: [{ annual: 1, fiscalYear: 'FY27' }] },
      'kpis.targets[0].fiscalYear: must be a fiscal year label such as FY2027',
    ],
    [
      '11 weights',
      { targets: [{ annual: 1, monthlyWeights: Array(11).fill(1) }] },
      'kpis.targets[0].monthlyWeights: must be 12 numbers ≥ 0, one per fiscal month (first = first fiscal month)',
    ],
    [
      'a negative weight',
      { targets: [{ annual: 1, monthlyWeights: [-1, ...Array(11).fill(1)] }] },
      'kpis.targets[0].monthlyWeights[0]: must be 12 numbers ≥ 0, one per fiscal month (first = first fiscal month)',
    ],
    [
      'zero weights',
      { targets: [{ annual: 1, monthlyWeights: Array(12).fill(0) }] },
      'kpis.targets[0].monthlyWeights: must not all be 0',
    ],
    [
      'team and owner',
      { targets: [{ annual: 1, team: 'east', owner: 'bob' }] },
      'kpis.targets[0].owner: set team or owner, not both (a target is for the company, one team or one rep)',
    ],
    [
      'stageRoles',
      { stageRoles: ['Demo'] },
      'kpis.stageRoles: must map pipeline labels to { qualified, proposal }, e.g. { New business: { qualified: Demo } }',
    ],
    [
      'roles',
      { stageRoles: { sales: 'Demo' } },
      'kpis.stageRoles.sales: must be { qualified, proposal } with stage labels or ids',
    ],
    [
      'a role',
      { stageRoles: { sales: { proposal: [] } } },
      'kpis.stageRoles.sales.proposal: must be a stage label or id',
    ],
    [
      'milestones',
      { milestones: ['Demo'] },
      'kpis.milestones: must map pipeline labels to step lists, e.g. { New business: [Qualify, Demo, won] }',
    ],
    [
      'steps',
      { milestones: { sales: 'Demo' } },
      'kpis.milestones.sales: must be a list of stage labels or ids, then won',
    ],
    [
      'one step',
      { milestones: { sales: ['won'] } },
      'kpis.milestones.sales: must list at least 2 steps (stage labels or ids, then won)',
    ],
    [
      'dangerDropPoints',
      { dangerDropPoints: 150 },
      'kpis.dangerDropPoints: must be a number of percentage points between 0 and 100',
    ],
    ['sources', { sources: ['x'] }, 'kpis.sources: must be { inbound: [...], outbound: [...] } lists of source values'],
    [
      'inbound',
      { sources: { inbound: 'x' } },
      'kpis.sources.inbound: must be a list of source values, e.g. [organic_search, ORGANIC_SEARCH]',
    ],
    [
      'both directions',
      { sources: { inbound: ['x'], outbound: ['y', 'x'] } },
      'kpis.sources.outbound[1]: "x" is also listed under inbound (a source has one direction)',
    ],
    [
      'invalidLostReasons',
      { invalidLostReasons: [1] },
      'kpis.invalidLostReasons[0]: must be a list of lost reasons, e.g. [duplicate, spam]',
    ],
    [
      'referrerProperty',
      { referrerProperty: '' },
      'kpis.referrerProperty: must be the name or id of the deal property that holds the referrer',
    ],
    [
      'conversations',
      { conversations: true },
      'kpis.conversations: must be an object of conversation rules (connectedOutcomes, minDurationSeconds...)',
    ],
    [
      'connectedOutcomes',
      { conversations: { connectedOutcomes: 'connected' } },
      'kpis.conversations.connectedOutcomes: must be a list of call outcomes, e.g. [connected]',
    ],
    [
      'minDurationSeconds',
      { conversations: { minDurationSeconds: -1 } },
      'kpis.conversations.minDurationSeconds: must be a whole number of seconds ≥ 0',
    ],
    [
      'voicemailOutcomes',
      { conversations: { voicemailOutcomes: [''] } },
      'kpis.conversations.voicemailOutcomes[0]: must be a list of call outcomes, e.g. [left_voicemail]',
    ],
    [
      'supportActivityTypes',
      { conversations: { supportActivityTypes: 'x' } },
      'kpis.conversations.supportActivityTypes: must be a list of activity types, e.g. [Support call]',
    ],
    [
      'supportTeams',
      { conversations: { supportTeams: 'support' } },
      'kpis.conversations.supportTeams: must be a list of team labels or ids, e.g. [support]',
    ],
    [
      'spend',
      { spend: 'spend.csv' },
      'kpis.spend: must be { file: spend.csv } or { rows: [{ month, sales, marketing }] }',
    ],
    ['spend both', { spend: { file: 'a.csv', rows: [] } }, 'kpis.spend: set either file or rows (one spend table)'],
    ['spend neither', { spend: {} }, 'kpis.spend: set either file or rows (one spend table)'],
    [
      'spend file',
      { spend: { file: '' } },
      'kpis.spend.file: must be the path of a month,sales,marketing CSV file, relative to the config file',
    ],
    ['spend rows', { spend: { rows: {} } }, 'kpis.spend.rows: must be a list of { month, sales, marketing } rows'],
    [
      'a spend row',
      { spend: { rows: [5] } },
      'kpis.spend.rows[0]: must be a row such as { month: 2026-01, sales: 1000, marketing: 500 }',
    ],
    [
      'a month',
      { spend: { rows: [{ month: '2026-13', sales: 1, marketing: 1 }] } },
      'kpis.spend.rows[0].month: must be a month such as 2026-01',
    ],
    [
      'sales missing',
      { spend: { rows: [{ month: '2026-01', marketing: 1 }] } },
      'kpis.spend.rows[0].sales: required: the sales spend of the month (0 if none)',
    ],
    [
      'marketing negative',
      { spend: { rows: [{ month: '2026-01', sales: 1, marketing: -1 }] } },
      'kpis.spend.rows[0].marketing: must be an amount ≥ 0',
    ],
    [
      'marketing text',
      { spend: { rows: [{ month: '2026-01', sales: 1, marketing: 'x' }] } },
      'kpis.spend.rows[0].marketing: must be an amount ≥ 0',
    ],
    [
      'a month twice',
      {
        spend: {
          rows: [
            { month: '2026-01', sales: 1, marketing: 1 },
            { month: '2026-01', sales: 2, marketing: 2 },
          ],
        },
      },
      'kpis.spend.rows[1].month: 2026-01 is also in rows[0] (one row per month)',
    ],
    ['grossMargin', { grossMargin: 70 }, 'kpis.grossMargin: must be a fraction above 0 and at most 1 (0.7 for 70 %)'],
    [
      'customerLifetimeYears',
      { customerLifetimeYears: 0 },
      'kpis.customerLifetimeYears: must be a number of years above 0',
    ],
    ['strictOrder', { strictOrder: 'no' }, 'kpis.strictOrder: must be true or false'],
    ['customerKey', { customerKey: 'person' }, 'kpis.customerKey: must be company or contact'],
    ['leadsNeededPipeline', { leadsNeededPipeline: {} }, 'kpis.leadsNeededPipeline: must be a pipeline label or id'],
    [
      'teams',
      { teams: ['east'] },
      'kpis.teams: must map team labels to lists of users, e.g. { east: [alice@example.com] }',
    ],
    [
      'a team',
      { teams: { east: 'alice' } },
      'kpis.teams.east: must be a list of user (email, name or id) labels or ids, e.g. [alice@example.com]',
    ],
    ['windows', { windows: 90 }, 'kpis.windows: must be { velocityDays, prospectDays, stageConversionMonths }'],
    ['velocityDays', { windows: { velocityDays: 0 } }, 'kpis.windows.velocityDays: must be a whole number of days ≥ 1'],
    [
      'prospectDays',
      { windows: { prospectDays: 1.5 } },
      'kpis.windows.prospectDays: must be a whole number of days ≥ 1',
    ],
    [
      'stageConversionMonths',
      { windows: { stageConversionMonths: '12' } },
      'kpis.windows.stageConversionMonths: must be a whole number of months ≥ 1',
    ],
  ])('rejects a bad %s with its fix', (_name, raw, message) => {
    expect(issuesOf(raw)).toEqual([message]);
  });
});
