/**
 * Spill files of the KPI input streams (src/storage/queries/kpi/spill.ts): the first complete walk records, later
 * walks replay rows equal to the ones the queries built, and nothing half-written is ever replayed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClosedFactRow, DealRow } from '../../src/metrics/types';
import { CURRENT_DEAL_CODEC, DEAL_CODEC, FACT_CODEC } from '../../src/storage/queries/kpi/codecs';
import { SpillArea } from '../../src/storage/queries/kpi/spill';
import { deal } from '../metrics/fixtures';

const areas: SpillArea[] = [];
afterEach(() => {
  for (const a of areas.splice(0)) a.close();
});
const area = () => {
  const a = new SpillArea();
  areas.push(a);
  return a;
};

/** A deal with every field set, optional ones included, and non-ASCII text. */
const fullDeal = (i: number): DealRow => ({
  id: `d${String(i).padStart(6, '0')}`,
  pipelineId: 'sales',
  stageId: 's2',
  status: 'won',
  createdAt: 1_700_000_000_000 + i,
  wonAt: 1_700_100_000_000 + i,
  lostAt: null,
  amountReporting: 1234.5,
  probability: 0.35,
  closeDate: '2026-03-31',
  lostReason: null,
  source: 'OFFLINE:PROSPECTING',
  industry: 'Télécoms 📞',
  ownerId: 'o1',
  ownerAtCreation: 'o2',
  ownerAtClose: 'o1',
  companyId: 'c1',
  contactIds: ['p1', 'p2'],
  properties: { referred_by: 'Zoë "quoted"\nline' },
  deletedAt: null,
  visits: [
    { dealId: `d${String(i).padStart(6, '0')}`, pipelineId: 'sales', stageId: 's1', enteredAt: 1, exitedAt: 2 },
    { dealId: `d${String(i).padStart(6, '0')}`, pipelineId: 'sales', stageId: 's2', enteredAt: 2, exitedAt: null },
  ],
  statusChanges: [
    { dealId: `d${String(i).padStart(6, '0')}`, status: 'lost', at: 3 },
    { dealId: `d${String(i).padStart(6, '0')}`, status: 'won', at: 4 },
  ],
});

/** A deal as the current-state input builds it: no optional field at all. */
const bareDeal: DealRow = deal({ id: 'd-bare', createdAt: 5, ownerId: null, ownerAtCreation: null });

const fact: ClosedFactRow = {
  at: 1_767_222_000_000,
  outcome: 'won',
  pipelineId: 'sales',
  ownerId: null,
  source: 'REFERRALS',
  industry: 'Retail',
  lostReason: null,
  count: 3,
  amountSum: 4200.25,
  amountCount: 2,
  cycleDays: [12, 30.5, 41],
};

/** A source that counts how many times it was walked. */
function counted<T>(rows: readonly T[]): Iterable<T> & { opens: number } {
  const source = {
    opens: 0,
    *[Symbol.iterator]() {
      source.opens += 1;
      yield* rows;
    },
  };
  return source;
}

describe('spilled KPI streams', () => {
  it('records the first walk and replays equal rows from the file after it', () => {
    const rows = [bareDeal, ...Array.from({ length: 3000 }, (_, i) => fullDeal(i))];
    const source = counted(rows);
    const spill = area();
    const stream = spill.stream('deals', () => source, DEAL_CODEC);
    expect([...stream]).toEqual(rows);
    expect(stream.complete).toBe(true);
    expect(spill.bytesWritten).toBeGreaterThan(3000 * 100);
    expect([...stream]).toEqual(rows);
    expect([...stream]).toEqual(rows);
    expect(source.opens).toBe(1);
  });

  it('replays rows longer than its read buffer and files of many chunks', () => {
    const huge = { ...fullDeal(1), contactIds: Array.from({ length: 200_000 }, (_, i) => `contact-${i}`) };
    const rows = [fullDeal(0), huge, ...Array.from({ length: 20_000 }, (_, i) => fullDeal(i + 2))];
    const stream = area().stream('deals', () => rows, DEAL_CODEC);
    let n = 0;
    for (const _ of stream) n++;
    expect(n).toBe(rows.length);
    expect([...stream]).toEqual(rows);
  });

  it('keeps nothing of a walk broken off early and records the next complete one', () => {
    const source = counted([fullDeal(1), fullDeal(2), fullDeal(3)]);
    const stream = area().stream('deals', () => source, DEAL_CODEC);
    for (const _ of stream) break;
    expect(stream.complete).toBe(false);
    expect([...stream].map((d) => d.id)).toEqual(['d000001', 'd000002', 'd000003']);
    expect(stream.complete).toBe(true);
    expect([...stream].map((d) => d.id)).toEqual(['d000001', 'd000002', 'd000003']);
    expect(source.opens).toBe(2);
  });

  it('reads the source itself for a walk nested inside the recording one', () => {
    const source = counted([fullDeal(1), fullDeal(2)]);
    const stream = area().stream('deals', () => source, DEAL_CODEC);
    const pairs: string[] = [];
    for (const a of stream) for (const b of stream) pairs.push(`${a.id}-${b.id}`);
    expect(pairs).toEqual(['d000001-d000001', 'd000001-d000002', 'd000002-d000001', 'd000002-d000002']);
    expect(stream.complete).toBe(true);
  });

  it('shares one file between inputs asking for the same key, and round-trips close facts', () => {
    const spill = area();
    const rows = [fact, { ...fact, outcome: 'lost' as const, lostReason: 'price', cycleDays: [] }];
    const first = spill.stream('facts', () => rows, FACT_CODEC);
    expect(spill.stream('facts', () => [], FACT_CODEC)).toBe(first);
    expect(spill.peek('facts')).toBe(first);
    expect([...first]).toEqual(rows);
    expect([...first]).toEqual(rows);
  });

  it('replays a history recording as current-state deals, without visits or status changes', () => {
    const stream = area().stream('deals-history', () => [fullDeal(1)], DEAL_CODEC);
    expect(() => stream.replayAs(CURRENT_DEAL_CODEC)).toThrow(/not recorded yet/);
    expect([...stream]).toHaveLength(1);
    const { visits: _v, statusChanges: _s, ...current } = fullDeal(1);
    expect([...stream.replayAs(CURRENT_DEAL_CODEC)]).toEqual([current]);
  });

  it('removes its files when the run closes it', () => {
    const spill = new SpillArea();
    expect(spill.dir.startsWith(join(tmpdir(), 'pulse-kpi-spill-'))).toBe(true);
    const stream = spill.stream('deals', () => [fullDeal(1)], DEAL_CODEC);
    expect([...stream]).toHaveLength(1);
    expect(readdirSync(spill.dir)).toEqual(['deals.jsonl']);
    spill.close();
    expect(existsSync(spill.dir)).toBe(false);
  });

  it('removes the spill directories of runs that died more than a day ago, and no other', () => {
    const parent = mkdtempSync(join(tmpdir(), 'pulse-spill-parent-'));
    const now = Date.parse('2026-12-02T12:00:00Z');
    const stale = join(parent, 'pulse-kpi-spill-dead');
    const fresh = join(parent, 'pulse-kpi-spill-running');
    const other = join(parent, 'someone-else');
    for (const dir of [stale, fresh, other]) mkdirSync(dir);
    const daysAgo = (d: number) => new Date(now - d * 86_400_000);
    utimesSync(stale, daysAgo(2), daysAgo(2));
    utimesSync(fresh, daysAgo(0.5), daysAgo(0.5));
    utimesSync(other, daysAgo(30), daysAgo(30));
    const spill = new SpillArea(parent, now);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(other)).toBe(true);
    spill.close();
  });
});
