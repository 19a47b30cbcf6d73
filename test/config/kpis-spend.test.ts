import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type KpiCatalog, parseKpiSettings, parseSpendCsv, resolveKpiConfig } from '../../src/config/kpis';

const catalog: KpiCatalog = { pipelines: [], stages: [], owners: [], teams: [], currency: 'EUR' };

function resolveSpend(file: string, baseDir: string) {
  const parsed = parseKpiSettings({ spend: { file } });
  if (!parsed.ok) throw new Error(parsed.issues.join('\n'));
  return resolveKpiConfig(parsed.settings, catalog, { baseDir });
}

describe('spend table', () => {
  it('reads a month,sales,marketing CSV relative to the config folder and sums each month', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-spend-'));
    writeFileSync(
      join(dir, 'spend.csv'),
      'month,sales,marketing\n2026-02,1200,300.5\n\n# January was quiet\n2026-01,1000,500\n',
    );
    const { config, issues } = resolveSpend('spend.csv', dir);
    expect(issues).toEqual([]);
    expect(config.spend).toEqual([
      { month: '2026-01', amount: 1500 },
      { month: '2026-02', amount: 1500.5 },
    ]);
  });

  it('accepts the columns in any order, quoted cells, CRLF and a byte-order mark', () => {
    expect(parseSpendCsv('\uFEFFMarketing,"month",Sales\r\n"500",2026-01,1000\r\n', 'spend.csv')).toEqual({
      rows: [{ month: '2026-01', amount: 1500 }],
    });
  });

  it('names the file and the line of every bad row', () => {
    const text =
      'month,sales,marketing\n2026-01,1000,500\n2026-13,1000,500\n2026-02,1 000,-5\n2026-03,1000\n2026-01,1,1\n';
    expect(parseSpendCsv(text, 'spend.csv')).toEqual({
      problems: [
        'spend.csv line 3: month "2026-13" must be a month such as 2026-01',
        'spend.csv line 4: sales "1 000" must be an amount ≥ 0 such as 1500.50',
        'spend.csv line 4: marketing "-5" must be an amount ≥ 0 such as 1500.50',
        'spend.csv line 5: expected 3 cells (month,sales,marketing), found 2',
        'spend.csv line 6: month 2026-01 is also on line 2 (one row per month)',
      ],
    });
  });

  it('reports a bad row as an issue of kpis.spend.file naming the file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-spend-'));
    writeFileSync(join(dir, 'spend.csv'), 'month,sales,marketing\n2026-01,abc,500\n');
    const { config, issues } = resolveSpend('spend.csv', dir);
    expect(issues).toEqual([
      `kpis.spend.file: ${join(dir, 'spend.csv')} line 2: sales "abc" must be an amount ≥ 0 such as 1500.50`,
    ]);
    expect(config.spend).toBeUndefined();
  });

  it('rejects a header without the three columns, and an empty file', () => {
    expect(parseSpendCsv('month,amount\n2026-01,5\n', 'spend.csv')).toEqual({
      problems: ['spend.csv line 1: the header must be month,sales,marketing (missing sales, marketing)'],
    });
    expect(parseSpendCsv('\n# nothing yet\n', 'spend.csv')).toEqual({
      problems: ['spend.csv: empty file (expected a month,sales,marketing header and rows)'],
    });
  });

  it('reports a missing file with its full path and where the path is relative to', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-spend-'));
    expect(resolveSpend('nope.csv', dir).issues).toEqual([
      `kpis.spend.file: cannot read ${join(dir, 'nope.csv')} (ENOENT); the path is relative to the config file's folder`,
    ]);
  });

  it('reads through an injected reader so callers need no disk', () => {
    const parsed = parseKpiSettings({ spend: { file: '/data/spend.csv' } });
    if (!parsed.ok) throw new Error(parsed.issues.join('\n'));
    const read = (path: string): string => {
      expect(path).toBe('/data/spend.csv');
      return 'month,sales,marketing\n2026-01,1,2\n';
    };
    const { config } = resolveKpiConfig(parsed.settings, catalog, { baseDir: '/elsewhere', readFile: read });
    expect(config.spend).toEqual([{ month: '2026-01', amount: 3 }]);
  });
});
