import { describe, expect, it } from 'vitest';
import { didYouMean, parseKpiSettings } from '../../src/config/kpis';
import { parseConfig } from '../../src/config/load';
import { ConfigError } from '../../src/lib/errors';

function issuesOf(raw: unknown, prefix?: string): string[] {
  const result = parseKpiSettings(raw, prefix);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('kpis settings schema', () => {
  it('accepts the documented example with every key', () => {
    const result = parseKpiSettings({
      fiscalYear: { startMonth: 4, naming: 'end' },
      currency: 'eur',
      pipelines: ['New business', 12],
      targets: [
        { annual: 1200000 },
        { annual: 400000, team: 'east', fiscalYear: 'FY2027', monthlyWeights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2] },
        { annual: 150000, owner: 'alice@example.com' },
      ],
      stageRoles: { 'New business': { qualified: 'Demo', proposal: 'Proposal' } },
      milestones: { 'New business': ['Qualify', 'Demo', 'Proposal', 'won'] },
      dangerDropPoints: 10,
      sources: { inbound: ['organic_search'], outbound: ['prospecting', 'OFFLINE'] },
      invalidLostReasons: ['duplicate', 'spam'],
      referrerProperty: 'referred_by',
      conversations: {
        connectedOutcomes: ['connected'],
        minDurationSeconds: 60,
        voicemailOutcomes: ['left_voicemail'],
        supportActivityTypes: ['Support call'],
        supportTeams: ['support'],
      },
      spend: { rows: [{ month: '2026-01', sales: 1000, marketing: 500 }] },
      grossMargin: 0.7,
      customerLifetimeYears: 3,
      strictOrder: false,
      customerKey: 'company',
      leadsNeededPipeline: 'New business',
      teams: { east: ['alice', 'bob@example.com'] },
      windows: { velocityDays: 90, prospectDays: 180, stageConversionMonths: 12 },
    });
    if (!result.ok) throw new Error(result.issues.join('\n'));
    expect(result.settings.currency).toBe('EUR');
    // YAML reads a Pipedrive id as a number; ids are strings everywhere else.
    expect(result.settings.pipelines).toEqual(['New business', '12']);
  });

  it('treats an empty section (YAML `kpis:` with nothing) as all defaults', () => {
    expect(parseKpiSettings(null)).toEqual({ ok: true, settings: {} });
    expect(parseKpiSettings(undefined)).toEqual({ ok: true, settings: {} });
  });

  it('suggests the nearest key for a near miss and lists known keys otherwise', () => {
    expect(
      issuesOf({ targets: [{ annual: 1 }, { anual: 400000 }], fiscalYear: { StartMonth: 4 }, flavour: 1 }),
    ).toEqual([
      'kpis.fiscalYear.StartMonth: unknown key (did you mean startMonth?)',
      'kpis.targets[1].annual: required: the annual revenue target in the reporting currency, e.g. 1200000',
      'kpis.targets[1].anual: unknown key (did you mean annual?)',
      'kpis.flavour: unknown key (remove it; known keys: fiscalYear, currency, pipelines, targets, stageRoles, milestones, dangerDropPoints, sources, invalidLostReasons, referrerProperty, conversations, spend, grossMargin, customerLifetimeYears, strictOrder, customerKey, leadsNeededPipeline, teams, windows)',
    ]);
  });

  it('finds the did-you-mean inside records of strict objects', () => {
    expect(issuesOf({ stageRoles: { 'New business': { qualifed: 'Demo' } } })).toEqual([
      'kpis.stageRoles.New business.qualifed: unknown key (did you mean qualified?)',
    ]);
    expect(didYouMean('foo', ['annual', 'team'])).toBeNull();
  });

  it('names paths under config. for a scenario file', () => {
    expect(issuesOf({ targets: [{ annual: -5 }] }, 'config')).toEqual([
      'config.targets[0].annual: must be a number ≥ 0 (the annual revenue target)',
    ]);
  });

  it('lists every problem of the section at once', () => {
    expect(issuesOf({ currency: 1, dangerDropPoints: -1, customerKey: 'x' })).toEqual([
      'kpis.currency: must be a 3-letter currency code such as EUR',
      'kpis.dangerDropPoints: must be a number of percentage points between 0 and 100',
      'kpis.customerKey: must be company or contact',
    ]);
  });
});

describe('kpis key of pulse.config.yaml', () => {
  const connections = 'connections: [{ id: main, provider: hubspot, tokenEnv: HUBSPOT_TOKEN }]\n';

  it('validates the section with the same messages and did-you-mean', () => {
    let issues: string[] = [];
    try {
      parseConfig(`${connections}kpis:\n  fiscalYear: { startMonth: 13 }\n  targets: [{ annual: 1 }, { anual: 2 }]\n`);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      issues = err.issues;
    }
    expect(issues).toEqual([
      'kpis.fiscalYear.startMonth: must be a month number 1-12',
      'kpis.targets[1].annual: required: the annual revenue target in the reporting currency, e.g. 1200000',
      'kpis.targets[1].anual: unknown key (did you mean annual?)',
    ]);
  });

  it('returns the validated settings and accepts an empty kpis key', () => {
    expect(parseConfig(`${connections}kpis:\n  currency: usd\n`).kpis).toEqual({ currency: 'USD' });
    expect(parseConfig(`${connections}kpis:\n`).kpis).toBeUndefined();
  });
});
