/**
 * `pulse kpis` end to end: the real bin in a child process, a temporary config and a store seeded with the
 * quickstart story through the repositories.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { closeStore, openStore } from '../../src/storage/db';
import { seedQuickstart } from '../storage/quickstart-store';

const run = promisify(execFile);
const BIN = resolve('bin/pulse.mjs');
let dir: string;

function writeConfig(name: string, kpis: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `storage:\n  path: ${join(dir, 'pulse.db')}\nconnections:\n  - id: main\n    provider: hubspot\n    tokenEnv: HUBSPOT_TOKEN\nkpis: ${kpis}\n`,
  );
  return path;
}

async function pulse(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, PULSE_LOG_LEVEL: 'silent' },
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pulse-cli-kpis-'));
  const db = openStore({ path: join(dir, 'pulse.db') });
  seedQuickstart(db, 'main');
  closeStore(db);
});

describe('pulse kpis', () => {
  it('prints --json rows with exactly the expectation keys and the quickstart values', async () => {
    const config = writeConfig('pulse.yaml', '{}');
    const { stdout, code } = await pulse([
      '--config',
      config,
      'kpis',
      '--as-of',
      '2026-03-31T18:00:00Z',
      '--period',
      '2026-02',
      '--json',
    ]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    const allowed = ['kpi', 'measure', 'period', 'window', 'segment', 'value', 'unit', 'n', 'flags'];
    for (const row of rows) {
      const extra = Object.keys(row).filter((k) => !allowed.includes(k) && !k.startsWith('n_missing_'));
      expect(extra).toEqual([]);
      expect('period' in row && 'window' in row).toBe(false);
    }
    const won = rows.find((r) => r.kpi === 'won_revenue' && r.measure === 'amount' && r.period === '2026-02');
    expect(won).toMatchObject({ value: 2800, unit: 'EUR', segment: {}, flags: [] });
    const rate = rows.find((r) => r.kpi === 'win_rate' && r.measure === 'by_count');
    expect(rate).toMatchObject({ period: '2026-02', n: 3, flags: ['low_sample'] });
    expect(rate?.value as number).toBeCloseTo(0.666667, 6);
    const referral = rows.find((r) => r.kpi === 'referral_6m_rate');
    expect(referral).toMatchObject({ value: null, flags: ['needs_setup'] });
  });

  it('prints a table with the change since the snapshot of a week before', async () => {
    const config = writeConfig('pulse.yaml', '{}');
    // Feb 20: only d1 won (1000); Feb 28 (end of day): d1 + d2 = 2800, so February grew by 1800.
    expect((await pulse(['--config', config, 'kpis', '--as-of', '2026-02-20', '--period', 'month'])).code).toBe(0);
    const { stdout, code } = await pulse([
      '--config',
      config,
      'kpis',
      '--as-of',
      '2026-02-28',
      '--period',
      'month',
      '--segment',
      'owner',
    ]);
    expect(code).toBe(0);
    const line = stdout
      .split('\n')
      .find((l) => l.includes('won_revenue') && l.includes(' amount ') && l.includes(' all '));
    expect(line).toContain('2800.00 EUR');
    expect(line).toContain('+1800');
    expect(stdout).toContain('set kpis.referrerProperty');
  });

  it('reports kpis names that do not resolve as one config error', async () => {
    const config = writeConfig('bad.yaml', '{ stageRoles: { "No such pipeline": { proposal: Proposal } } }');
    const { stderr, code } = await pulse(['--config', config, 'kpis', '--json']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/kpis/);
    expect(stderr).toMatch(/No such pipeline/);
  });
});
