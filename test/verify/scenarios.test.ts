/**
 * `pulse verify` on every scenario of test/scenarios/, through both providers: each file is served by the
 * HubSpot and by the Pipedrive simulator, synced through the real connector into a temporary store, and must
 * come out with zero store differences (against that provider's view of the model) and every hand-computed
 * expectation met. Expectations a provider cannot carry say so with `providers:` and are reported as skipped.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowLabel } from '../../src/verify/expectations';
import { type Provider, verifyScenario } from '../../src/verify/run';

const DIR = 'test/scenarios';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const PROVIDERS: readonly Provider[] = ['hubspot', 'pipedrive'];

describe.each(PROVIDERS)('scenario fixtures through %s', (provider) => {
  it('has at least twelve scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s syncs without a store difference and meets every expectation', async (file) => {
    const result = await verifyScenario(join(DIR, file), { provider });
    const run = result.providers[0];
    expect(run?.provider).toBe(provider);
    expect(run?.status).toBe('ran');
    expect(run?.syncStatus).toBe('succeeded');
    expect(run?.store?.differences ?? []).toEqual([]);
    const failures = (run?.expectations ?? [])
      .filter((e) => e.status === 'fail')
      .map((e) => `${e.label}: ${e.problems.join('; ')}; closest: ${e.closest.map(rowLabel).join(' | ')}`);
    expect(failures).toEqual([]);
    // Every file checks something through every provider.
    expect(run?.expectations.filter((e) => e.status === 'pass').length).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
  });
});

describe('providers: on an expectation', () => {
  it('skips a hubspot-only expectation for pipedrive, runs it for hubspot', async () => {
    const result = await verifyScenario(join(DIR, 'leads-lifecycle.yaml'), { provider: 'all' });
    expect(result.providers.map((p) => p.provider)).toEqual(['hubspot', 'pipedrive']);
    const [hubspot, pipedrive] = result.providers;
    const hubspotOnly = (hubspot?.expectations ?? []).filter(
      (e) => e.expectation.providers?.includes('pipedrive') === false,
    );
    expect(hubspotOnly.length).toBeGreaterThan(0);
    for (const e of hubspotOnly) {
      expect(e.status).toBe('pass');
      const there = pipedrive?.expectations[e.index];
      expect(there?.status).toBe('skip');
      expect(there?.problems.join()).toMatch(/not carried by pipedrive/);
    }
    expect(result.ok).toBe(true);
  });
});
