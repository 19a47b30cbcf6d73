import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('pulse demo', () => {
  it('syncs a scenario through each simulated CRM and reports the headline KPIs as of its clock', async () => {
    for (const provider of ['hubspot', 'pipedrive']) {
      const { stdout } = await run(
        'node',
        ['bin/pulse.mjs', 'demo', '--scenario', 'test/scenarios/quickstart.yaml', '--provider', provider, '--json'],
        { maxBuffer: 10_000_000 },
      );
      const out = JSON.parse(stdout) as {
        sync: { status: string };
        overview: { counts: Record<string, number> };
        headline: { label: string; period: string; value: number | null }[];
      };
      expect(out.sync.status).toBe('succeeded');
      expect(out.overview.counts.deals).toBe(6);
      const value = (label: string) => out.headline.find((h) => h.label === label);
      // Won by 2026-03-31 (fiscal year = calendar year): d1 1000 + d2 2000 USD x 0.9 = 2800 EUR.
      expect(value('won revenue')).toMatchObject({ period: 'FYTD', value: 2800 });
      // Closed in the last 90 days: d1, d2 won, d3 lost -> 2 / 3.
      expect(value('win rate')?.value).toBeCloseTo(2 / 3, 9);
      // Weighted open value: 500 x 0.2 + 800 x 0.5 + 1200 x 0.8 = 1460.
      expect(value('weighted open pipeline')?.value).toBeCloseTo(1460, 6);
    }
  }, 120_000);
});
