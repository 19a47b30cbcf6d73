/**
 * `pulse verify` on every scenario of test/scenarios/: each file is served by the HubSpot simulator, synced
 * through the real connector into a temporary store, and must come out with zero store differences and every
 * hand-computed expectation met.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowLabel } from '../../src/verify/expectations';
import { verifyScenario } from '../../src/verify/run';

const DIR = 'test/scenarios';
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('scenario fixtures through HubSpot', () => {
  it('has at least twelve scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)('%s syncs without a store difference and meets every expectation', async (file) => {
    const result = await verifyScenario(join(DIR, file), { provider: 'hubspot' });
    const hubspot = result.providers[0];
    expect(hubspot?.status).toBe('ran');
    expect(hubspot?.syncStatus).toBe('succeeded');
    expect(hubspot?.store?.differences ?? []).toEqual([]);
    const failures = (hubspot?.expectations ?? [])
      .filter((e) => e.status === 'fail')
      .map((e) => `${e.label}: ${e.problems.join('; ')}; closest: ${e.closest.map(rowLabel).join(' | ')}`);
    expect(failures).toEqual([]);
    expect(hubspot?.expectations.length).toBeGreaterThan(0);
    expect(result.ok).toBe(true);
  });

  it('reports Pipedrive as a skip, not a failure, until a Pipedrive simulator exists', async () => {
    const result = await verifyScenario(join(DIR, 'quickstart.yaml'), { provider: 'pipedrive' });
    expect(result.providers).toHaveLength(1);
    expect(result.providers[0]?.status).toBe('skipped');
    expect(result.providers[0]?.reason).toMatch(/not available yet/);
    expect(result.ok).toBe(true);
  });
});
