import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type KpiCatalog, parseKpiSettings, resolveKpiConfig } from '../../src/config/kpis';
import type { SimModel } from '../../src/simulator/model';
import { loadScenario } from '../../src/simulator/scenario/load';

/** The quickstart scenario with a `config` section, written exactly as it would be in pulse.config.yaml. */
const scenarioText = `${readFileSync('test/scenarios/quickstart.yaml', 'utf8')}
config:
  fiscalYear: { startMonth: 4 }
  pipelines: [New business]
  targets:
    - { annual: 120000 }
    - { annual: 40000, team: east }
    - { annual: 30000, owner: bob@example.com, fiscalYear: FY2026 }
  stageRoles: { New business: { qualified: Demo, proposal: Proposal } }
  milestones: { New business: [Qualify, Demo, Proposal, won] }
  sources: { inbound: [partner] }
  invalidLostReasons: [duplicate]
  teams: { east: [alice], west: [Bob Durand] }
  spend: { rows: [{ month: 2026-01, sales: 1000, marketing: 500 }] }
`;

/** Labels as the simulator serves them, with the scenario's ids standing in for provider ids. */
function catalogOf(model: SimModel): KpiCatalog {
  return {
    pipelines: model.pipelines.map((p) => ({ id: p.id, label: p.name })),
    stages: model.pipelines.flatMap((p) => p.stages.map((s) => ({ pipelineId: p.id, id: s.id, label: s.name }))),
    owners: model.users.map((u) => ({ id: u.id, name: u.name, email: u.email })),
    teams: [],
    currency: model.account.currency,
  };
}

describe("a scenario's config section", () => {
  it('validates with the kpis schema and resolves through the scenario labels', () => {
    const scenario = loadScenario(scenarioText, 'quickstart.yaml');
    const parsed = parseKpiSettings(scenario.config, 'config');
    if (!parsed.ok) throw new Error(parsed.issues.join('\n'));
    const { config, issues, ownerTeams } = resolveKpiConfig(parsed.settings, catalogOf(scenario.model), {
      pathPrefix: 'config',
    });
    expect(issues).toEqual([]);
    expect(config.pipelines).toEqual(['sales']);
    expect(config.targets).toEqual([
      { annual: 120000 },
      { annual: 40000, teamId: 'east' },
      { annual: 30000, ownerId: 'bob', fiscalYear: 'FY2026' },
    ]);
    expect(config.stageRoles).toEqual({ sales: { qualified: 'demo', proposal: 'proposal' } });
    expect(config.milestones).toEqual({ sales: ['qualify', 'demo', 'proposal', 'won'] });
    expect(config.spend).toEqual([{ month: '2026-01', amount: 1500 }]);
    expect(ownerTeams).toEqual({ alice: 'east', bob: 'west' });
  });

  it('reports problems under config. paths', () => {
    const scenario = loadScenario(
      scenarioText.replace('{ annual: 120000 }', '{ anual: 120000 }').replace('qualified: Demo', 'qualified: Demo2'),
      'quickstart.yaml',
    );
    expect(parseKpiSettings(scenario.config, 'config')).toEqual({
      ok: false,
      issues: [
        'config.targets[0].annual: required: the annual revenue target in the reporting currency, e.g. 1200000',
        'config.targets[0].anual: unknown key (did you mean annual?)',
      ],
    });
    const fixed = parseKpiSettings({ ...scenario.config, targets: [] }, 'config');
    if (!fixed.ok) throw new Error(fixed.issues.join('\n'));
    expect(resolveKpiConfig(fixed.settings, catalogOf(scenario.model), { pathPrefix: 'config' }).issues).toEqual([
      'config.stageRoles.New business.qualified: unknown stage "Demo2" in pipeline "New business" (known: Qualify, Demo, Proposal)',
    ]);
  });
});
