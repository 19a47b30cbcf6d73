import { describe, expect, it } from 'vitest';
import {
  applyOwnerTeams,
  type KpiCatalog,
  type KpiSettings,
  parseKpiSettings,
  resolveKpiConfig,
} from '../../src/config/kpis';
import { DEFAULT_CONVERSATION_RULES, DEFAULT_SOURCE_DIRECTIONS, withKpiDefaults } from '../../src/metrics/config';

/** Provider-like ids, so a test can tell a resolved id from the label it came from. */
const catalog: KpiCatalog = {
  pipelines: [
    { id: '101', label: 'New business' },
    { id: '102', label: 'Renewals' },
  ],
  stages: [
    { pipelineId: '101', id: '1001', label: 'Qualify' },
    { pipelineId: '101', id: '1002', label: 'Demo' },
    { pipelineId: '101', id: '1003', label: 'Proposal' },
    // The same label in another pipeline: a stage label resolves inside its own pipeline only.
    { pipelineId: '102', id: '2001', label: 'Qualify' },
  ],
  owners: [
    { id: '7', name: 'Alice Martin', email: 'alice@example.com' },
    { id: '8', name: 'Bob Durand', email: 'bob@example.com' },
  ],
  teams: [],
  currency: 'EUR',
};

function settings(raw: unknown): KpiSettings {
  const result = parseKpiSettings(raw);
  if (!result.ok) throw new Error(result.issues.join('\n'));
  return result.settings;
}

function resolve(raw: unknown, cat: KpiCatalog = catalog) {
  return resolveKpiConfig(settings(raw), cat);
}

describe('resolveKpiConfig', () => {
  it('gives the engine defaults with the account currency when nothing is set', () => {
    const { config, issues, ownerTeams } = resolveKpiConfig(undefined, { ...catalog, currency: 'USD' });
    expect(issues).toEqual([]);
    expect(ownerTeams).toEqual({});
    expect(config).toEqual(withKpiDefaults({ currency: 'USD' }));
  });

  it('resolves pipeline and stage labels case-insensitively, and provider ids as they are', () => {
    const { config, issues } = resolve({
      pipelines: ['new BUSINESS', '102'],
      stageRoles: { 'New business': { qualified: 'demo', proposal: '1003' } },
      milestones: { 'new business': ['QUALIFY', 'Demo', 'Won'], Renewals: ['Qualify', 'won'] },
      leadsNeededPipeline: 'Renewals',
    });
    expect(issues).toEqual([]);
    expect(config.pipelines).toEqual(['101', '102']);
    expect(config.stageRoles).toEqual({ '101': { qualified: '1002', proposal: '1003' } });
    expect(config.milestones).toEqual({ '101': ['1001', '1002', 'won'], '102': ['2001', 'won'] });
    expect(config.leadsNeededPipeline).toBe('102');
  });

  it('resolves rep targets by email, name, id or the part of the email before @, and team targets through the teams map', () => {
    const { config, issues, ownerTeams } = resolve({
      targets: [
        { annual: 1200000 },
        { annual: 400000, team: 'EAST', fiscalYear: 'FY2027' },
        { annual: 150000, owner: 'ALICE@example.com' },
        { annual: 140000, owner: 'bob durand' },
        { annual: 130000, owner: 8, fiscalYear: 'FY2027' },
        // The part of the email before @, as scenario files name reps.
        { annual: 120000, owner: 'Bob', fiscalYear: 'FY2028' },
      ],
      teams: { east: ['alice martin', 'bob@example.com'] },
    });
    expect(issues).toEqual([]);
    expect(config.targets).toEqual([
      { annual: 1200000 },
      { annual: 400000, teamId: 'east', fiscalYear: 'FY2027' },
      { annual: 150000, ownerId: '7' },
      { annual: 140000, ownerId: '8' },
      { annual: 130000, ownerId: '8', fiscalYear: 'FY2027' },
      { annual: 120000, ownerId: '8', fiscalYear: 'FY2028' },
    ]);
    expect(ownerTeams).toEqual({ '7': 'east', '8': 'east' });
  });

  it('uses the provider team id when the teams map or a target names a HubSpot team', () => {
    const cat = { ...catalog, teams: [{ id: '55', name: 'East' }] };
    const { config, ownerTeams, issues } = resolve(
      { targets: [{ annual: 1, team: 'east' }], teams: { East: ['alice'] }, conversations: { supportTeams: ['55'] } },
      cat,
    );
    expect(issues).toEqual([]);
    expect(config.targets).toEqual([{ annual: 1, teamId: '55' }]);
    expect(ownerTeams).toEqual({ '7': '55' });
    expect(config.conversations.supportTeams).toEqual(['55']);
  });

  it('applies the teams map to owner rows, the configured team winning', () => {
    const owners = [
      { id: '7', teamId: null },
      { id: '8', teamId: 'west' },
      { id: '9', teamId: 'north' },
    ];
    expect(applyOwnerTeams(owners, { '7': 'east', '8': 'east' })).toEqual([
      { id: '7', teamId: 'east' },
      { id: '8', teamId: 'east' },
      { id: '9', teamId: 'north' },
    ]);
  });

  it('maps every other key onto KpiConfig', () => {
    const { config, issues } = resolve({
      fiscalYear: { startMonth: 4, naming: 'start' },
      currency: 'usd',
      dangerDropPoints: 15,
      invalidLostReasons: ['duplicate', 'spam'],
      referrerProperty: 'referred_by',
      conversations: { minDurationSeconds: 30, voicemailOutcomes: ['left_voicemail', 'left_live_message'] },
      spend: {
        rows: [
          { month: '2026-02', sales: 10, marketing: 5 },
          { month: '2026-01', sales: 1000, marketing: 500 },
        ],
      },
      grossMargin: 0.7,
      customerLifetimeYears: 3,
      strictOrder: true,
      customerKey: 'contact',
      windows: { velocityDays: 60, prospectDays: 90, stageConversionMonths: 6 },
    });
    expect(issues).toEqual([]);
    expect(config).toMatchObject({
      fiscalYearStartMonth: 4,
      fiscalYearNaming: 'start',
      currency: 'USD',
      dangerDropPoints: 15,
      invalidLostReasons: ['duplicate', 'spam'],
      referrerProperty: 'referred_by',
      conversations: {
        ...DEFAULT_CONVERSATION_RULES,
        minDurationSeconds: 30,
        voicemailOutcomes: ['left_voicemail', 'left_live_message'],
      },
      // Sales + marketing summed, sorted by month.
      spend: [
        { month: '2026-01', amount: 1500 },
        { month: '2026-02', amount: 15 },
      ],
      grossMargin: 0.7,
      customerLifetimeYears: 3,
      strictOrder: true,
      customerKey: 'contact',
      velocityWindowDays: 60,
      prospectWindowDays: 90,
      stageConversionMonths: 6,
    });
  });

  it('merges the source map over the defaults, a user entry winning', () => {
    const { config } = resolve({ sources: { inbound: ['partner'], outbound: ['OFFLINE', 'ORGANIC_SEARCH'] } });
    expect(config.sourceDirections).toEqual({
      ...DEFAULT_SOURCE_DIRECTIONS,
      partner: 'inbound',
      ORGANIC_SEARCH: 'outbound',
    });
  });

  it('resolves the referrer property by label when the catalog lists deal properties', () => {
    const cat = { ...catalog, dealProperties: [{ id: 'a1b2c3', label: 'Referred by' }] };
    expect(resolve({ referrerProperty: 'referred BY' }, cat).config.referrerProperty).toBe('a1b2c3');
    expect(resolve({ referrerProperty: 'Referer' }, cat).issues).toEqual([
      'kpis.referrerProperty: unknown deal property "Referer" (known: Referred by)',
    ]);
  });

  it('names every unknown label with its path and the known labels', () => {
    const { issues, config } = resolve({
      pipelines: ['New business', 'Upsell'],
      targets: [
        { annual: 1, owner: 'carol@example.com' },
        { annual: 2, team: 'north' },
      ],
      stageRoles: { 'New business': { qualified: 'Demo2' }, Old: { proposal: 'Proposal' } },
      milestones: { Renewals: ['Qualify', 'Demo', 'won'] },
      leadsNeededPipeline: 'Renewals',
      conversations: { supportTeams: ['support'] },
      teams: { east: ['alice', 'zoe'] },
    });
    expect(issues).toEqual([
      'kpis.pipelines[1]: unknown pipeline "Upsell" (known: New business, Renewals)',
      'kpis.leadsNeededPipeline: pipeline "Renewals" is not in kpis.pipelines',
      'kpis.targets[0].owner: unknown user "carol@example.com" (known: Alice Martin <alice@example.com>, Bob Durand <bob@example.com>)',
      'kpis.targets[1].team: unknown team "north" (known: east; define teams under kpis.teams)',
      'kpis.stageRoles.New business.qualified: unknown stage "Demo2" in pipeline "New business" (known: Qualify, Demo, Proposal)',
      'kpis.stageRoles.Old: unknown pipeline "Old" (known: New business, Renewals)',
      'kpis.milestones.Renewals[1]: unknown stage "Demo" in pipeline "Renewals" (known: Qualify)',
      'kpis.conversations.supportTeams[0]: unknown team "support" (known: east; define teams under kpis.teams)',
      'kpis.teams.east[1]: unknown user "zoe" (known: Alice Martin <alice@example.com>, Bob Durand <bob@example.com>)',
    ]);
    // What did resolve is still there; what did not is left out.
    expect(config.pipelines).toEqual(['101']);
    expect(config.targets).toEqual([]);
    expect(config.milestones).toEqual({ '102': ['2001', 'won'] });
  });

  it('rejects a user in two teams, a target given twice and misplaced milestone steps', () => {
    const { issues } = resolve({
      targets: [
        { annual: 1, owner: 'alice' },
        { annual: 2, owner: '7' },
      ],
      milestones: { 'New business': ['Qualify', 'won', 'Demo', 'Qualify'] },
      teams: { east: ['alice'], west: ['alice@example.com'] },
    });
    expect(issues).toEqual([
      'kpis.targets[1]: same scope and fiscal year as targets[0] (keep one)',
      'kpis.milestones.New business[2]: "Demo" comes after won (won is the last step)',
      'kpis.milestones.New business[3]: "Qualify" is already a step (each step once)',
      'kpis.teams.west[0]: user "alice@example.com" is already in team "east" (a user has one team)',
    ]);
  });

  it('asks for an id when a label matches several records', () => {
    const cat = {
      ...catalog,
      owners: [...catalog.owners, { id: '9', name: 'Alice Martin', email: 'alice2@example.com' }],
    };
    expect(resolve({ targets: [{ annual: 1, owner: 'Alice Martin' }] }, cat).issues).toEqual([
      'kpis.targets[0].owner: "Alice Martin" matches several users (ids 7, 9): use an id',
    ]);
  });

  it('names paths under the given prefix', () => {
    const { issues } = resolveKpiConfig(settings({ pipelines: ['Upsell'] }), catalog, { pathPrefix: 'config' });
    expect(issues).toEqual(['config.pipelines[0]: unknown pipeline "Upsell" (known: New business, Renewals)']);
  });
});
