import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/lib/errors';
import { loadScenarioFile } from '../../src/simulator/scenario/load';
import { baseScenario, issuesOf } from './scenario-helpers';

const bad = (name: string) => new URL(`../scenarios/bad/${name}.yaml`, import.meta.url).pathname;

async function fileIssues(name: string): Promise<string[]> {
  const err = await loadScenarioFile(bad(name)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ScenarioError);
  return (err as ScenarioError).issues;
}

type Base = ReturnType<typeof baseScenario>;
/** The issues of the base scenario after `edit`. */
function issuesAfter(edit: (s: Base) => void): string[] {
  const s = baseScenario();
  edit(s);
  return issuesOf(s);
}
const deal0 = (s: Base) => s.deals[0] as { timeline: Record<string, unknown>[] } & Record<string, unknown>;

describe('scenario files that break the format', () => {
  it('accepts the base scenario the other cases break', () => {
    expect(issuesOf(baseScenario())).toEqual([]);
  });

  it('names a stage of another pipeline with the path of the event', async () => {
    expect(await fileIssues('unknown-stage')).toEqual([
      'deals[3].timeline[0].stage: unknown stage "qualifed" in pipeline "sales"',
    ]);
  });

  it('names each unknown key, and the error message names the file', async () => {
    expect(await fileIssues('unknown-key')).toEqual([
      'contacts[0].mail: unknown key',
      'deals[0].timeline[1].stag: unknown key',
    ]);
    await expect(loadScenarioFile(bad('unknown-key'))).rejects.toThrow(/unknown-key\.yaml: 2 problems/);
  });

  it('rejects events and engagements after now but lets a meeting end later', async () => {
    expect(await fileIssues('after-now')).toEqual([
      'deals[5].timeline[1].at: 2026-04-20T09:00:00Z is after now (2026-03-31T18:00:00Z)',
      'engagements[3].at: 2026-04-03T09:00:00Z is after now (2026-03-31T18:00:00Z)',
    ]);
  });

  it('reports broken YAML as a ScenarioError', async () => {
    const issues = await fileIssues('not-yaml');
    expect(issues.length).toBeGreaterThan(0);
  });

  it('names unknown ids of owners, companies, contacts, lead deals, engagement links and segment teams', () => {
    const issues = issuesAfter((s) => {
      Object.assign(s.companies[0] as object, { owner: 'zed' });
      Object.assign(s.contacts[0] as object, { company: 'acmee' });
      Object.assign(s.leads[0] as object, { deal: 'd9' });
      deal0(s).contacts = ['jane', 'jon'];
      Object.assign(deal0(s).timeline[0] as object, { owner: 'carol' });
      Object.assign(s.engagements[0] as object, { deals: ['d1', 'd2'], companies: ['nope'], leads: ['l7'] });
      s.expect[0] = { kpi: 'won_revenue', segment: { team: 'north', owner: 'zed', pipeline: 'x', industry: 'Food' } };
    });
    expect(issues).toEqual([
      'companies[0].owner: unknown user "zed"',
      'contacts[0].company: unknown company "acmee"',
      'leads[0].deal: unknown deal "d9"',
      'deals[0].contacts[1]: unknown contact "jon"',
      'deals[0].timeline[0].owner: unknown user "carol"',
      'engagements[0].deals[1]: unknown deal "d2"',
      'engagements[0].companies[0]: unknown company "nope"',
      'engagements[0].leads[0]: unknown lead "l7"',
      'expect[0].segment.pipeline: unknown pipeline "x"',
      'expect[0].segment.owner: unknown user "zed"',
      'expect[0].segment.team: unknown team "north"',
      'expect[0].segment.industry: no company has industry "Food"',
    ]);
  });

  it('reports duplicate ids per collection with the first occurrence', () => {
    const issues = issuesAfter((s) => {
      s.users.push({ id: 'alice', name: 'Alice 2', email: 'a2@example.com' });
      s.deals.push({ ...deal0(s) });
    });
    expect(issues).toEqual([
      'users[2].id: duplicate user id "alice" (first at users[0])',
      'deals[1].id: duplicate deal id "d1" (first at deals[0])',
    ]);
  });

  it('reports events out of time order', () => {
    const issues = issuesAfter((s) => {
      deal0(s).timeline.push({ at: '2026-01-10T09:00:00Z', amount: 5 });
    });
    expect(issues).toEqual(['deals[0].timeline[2].at: 2026-01-10T09:00:00Z is out of time order (before timeline[1])']);
  });

  it('requires pipeline, stage and owner in the first event', () => {
    const issues = issuesAfter((s) => {
      deal0(s).timeline[0] = { at: '2026-01-05T09:00:00Z', amount: 1000 };
    });
    expect(issues).toEqual([
      'deals[0].timeline[0].pipeline: required in the first event (it creates the deal)',
      'deals[0].timeline[0].stage: required in the first event (it creates the deal)',
      'deals[0].timeline[0].owner: required in the first event (it creates the deal)',
    ]);
  });

  it('checks stages against the pipeline the deal is in at that point, and a pipeline change needs a stage', () => {
    const issues = issuesAfter((s) => {
      deal0(s).timeline.push(
        { at: '2026-02-01T09:00:00Z', pipeline: 'renewals', stage: 'upcoming' },
        { at: '2026-02-02T09:00:00Z', stage: 'demo' },
        { at: '2026-02-03T09:00:00Z', pipeline: 'sales' },
      );
    });
    expect(issues).toEqual([
      'deals[0].timeline[3].stage: unknown stage "demo" in pipeline "renewals"',
      'deals[0].timeline[4].pipeline: a pipeline change must come with a stage',
    ]);
  });

  it('rejects creation, lifecycle and deletion instants after now', () => {
    const issues = issuesAfter((s) => {
      Object.assign(s.companies[0] as object, { createdAt: '2026-04-01T00:00:00Z' });
      Object.assign(s.contacts[0] as object, { lifecycle: [{ at: '2026-05-01T00:00:00Z', stage: 'customer' }] });
      deal0(s).deletedAt = '2026-04-02T00:00:00Z';
    });
    expect(issues).toEqual([
      'companies[0].createdAt: 2026-04-01T00:00:00Z is after now (2026-03-31T18:00:00Z)',
      'contacts[0].lifecycle[0].at: 2026-05-01T00:00:00Z is after now (2026-03-31T18:00:00Z)',
      'deals[0].deletedAt: 2026-04-02T00:00:00Z is after now (2026-03-31T18:00:00Z)',
    ]);
  });

  it('accepts expected close dates and task due times after now', () => {
    const issues = issuesAfter((s) => {
      Object.assign(deal0(s).timeline[0] as object, { closeDate: '2026-12-31' });
      s.engagements.push({
        id: 'e2',
        type: 'task',
        at: '2026-03-30T09:00:00Z',
        endAt: '2026-04-30T09:00:00Z',
        done: false,
      });
    });
    expect(issues).toEqual([]);
  });

  it('rejects bad timestamps and bare dates where an instant is expected', () => {
    const issues = issuesAfter((s) => {
      Object.assign(s.companies[0] as object, { createdAt: '2026-01-01' });
      Object.assign(s.contacts[0] as object, { createdAt: '2026-01-01T09:05:00' });
      Object.assign(deal0(s).timeline[0] as object, { closeDate: '2026-02-30' });
      Object.assign(s.engagements[0] as object, { at: '2026-13-06T09:00:00Z' });
    });
    expect(issues).toEqual([
      'companies[0].createdAt: bad timestamp "2026-01-01" (expected ISO 8601 with an offset or Z, like 2026-01-05T09:00:00Z)',
      'contacts[0].createdAt: bad timestamp "2026-01-01T09:05:00" (expected ISO 8601 with an offset or Z, like 2026-01-05T09:00:00Z)',
      'deals[0].timeline[0].closeDate: bad date "2026-02-30" (expected YYYY-MM-DD)',
      'engagements[0].at: bad timestamp "2026-13-06T09:00:00Z" (expected ISO 8601 with an offset or Z, like 2026-01-05T09:00:00Z)',
    ]);
  });

  it('rejects mergedInto naming an unknown deal or lacking its deletion instant', () => {
    const issues = issuesAfter((s) => {
      deal0(s).mergedInto = 'd7';
    });
    expect(issues).toEqual([
      'deals[0].mergedInto: unknown deal "d7"',
      'deals[0].mergedInto: a merged record needs deletedAt (the merge instant)',
    ]);
  });

  it('rejects probabilities outside 0..1 on stages and events', () => {
    const issues = issuesAfter((s) => {
      (s.pipelines as { stages: { probability: number }[] }[])[0]!.stages[0]!.probability = 20;
      deal0(s).timeline.push({ at: '2026-02-01T09:00:00Z', probability: -0.1 });
    });
    expect(issues).toEqual([
      'pipelines[0].stages[0].probability: probability 20 is outside 0..1',
      'deals[0].timeline[2].probability: probability -0.1 is outside 0..1',
    ]);
  });

  it('rejects unknown engagement types, directions and outcomes, and outcomes of the wrong type', () => {
    const issues = issuesAfter((s) => {
      s.engagements.push(
        { id: 'e2', type: 'sms', at: '2026-01-06T09:00:00Z' },
        { id: 'e3', type: 'call', at: '2026-01-06T09:00:00Z', direction: 'sideways', outcome: 'happy' },
        { id: 'e4', type: 'meeting', at: '2026-01-06T09:00:00Z', outcome: 'connected', direction: 'inbound' },
      );
    });
    expect(issues).toEqual([
      'engagements[1].type: unknown value "sms" (expected call, email, meeting, note, task)',
      'engagements[2].direction: unknown value "sideways" (expected inbound, outbound, forwarded)',
      expect.stringMatching(/^engagements\[2\]\.outcome: unknown value "happy" \(expected connected, /),
      'engagements[3].direction: a meeting has no direction',
      'engagements[3].outcome: unknown meeting outcome "connected" (expected scheduled, completed, rescheduled, no_show, canceled)',
    ]);
  });

  it('requires config to be an object and names a missing required field', () => {
    const issues = issuesAfter((s) => {
      s.config = ['targets'];
      delete (s.users[0] as Record<string, unknown>).email;
    });
    expect(issues).toEqual([
      'users[0].email: required',
      'config: expected an object (the KPI section of pulse.config.yaml)',
    ]);
  });

  it('checks expectation periods and windows', () => {
    const issues = issuesAfter((s) => {
      s.expect.push({ kpi: 'win_rate', period: '2026-13' }, { kpi: 'win_rate', window: 'last-90d', period: '2026-Q1' });
      s.expect.push(
        { kpi: 'win_rate', window: 'past-week' },
        { kpi: 'win_rate', period: { from: '2026-02-01', to: '2026-01-01' } },
      );
    });
    expect(issues).toEqual([
      'expect[1].period: expected 2026-W05, 2026-03, 2026-Q1, FY2027, FY2027-Q1, FYTD or { from, to }',
      'expect[2].window: give period or window, not both',
      'expect[3].window: expected a trailing window like last-90d, last-12w or last-12m',
      'expect[4].period.to: 2026-01-01 is not after from (2026-02-01)',
    ]);
  });

  it('collects shape and cross-record errors of a file in one report', () => {
    const issues = issuesAfter((s) => {
      Object.assign(s.engagements[0] as object, { colour: 'red' });
      Object.assign(deal0(s).timeline[1] as object, { stage: 'demoo' });
    });
    expect(issues).toEqual([
      'engagements[0].colour: unknown key',
      'deals[0].timeline[1].stage: unknown stage "demoo" in pipeline "sales"',
    ]);
  });

  it('rejects a deal currency without an exchange rate', () => {
    const issues = issuesAfter((s) => {
      Object.assign(deal0(s).timeline[0] as object, { currency: 'JPY' });
    });
    expect(issues).toEqual(['deals[0].timeline[0].currency: no exchange rate for "JPY" in account.exchangeRates']);
  });
});
