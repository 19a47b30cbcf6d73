import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { heapGuard } from '../../src/lib/gc';
import { SweepingMemo } from '../../src/metrics/shared';

describe('heap guard', () => {
  it('collects only once the heap grew past its threshold, and the garbage is gone after', () => {
    const guard = heapGuard(16 * 1024 * 1024);
    expect(guard.settle()).toBe(false);
    // ~48 MB of short-lived arrays, dropped at once: garbage V8 may keep until it feels short of room.
    let keep: number[][] | null = Array.from({ length: 600 }, () => Array.from({ length: 10_000 }, (_, i) => i + 0.5));
    const grown = getHeapStatistics().used_heap_size;
    keep = null;
    expect(keep).toBeNull();
    expect(guard.settle()).toBe(true);
    expect(getHeapStatistics().used_heap_size).toBeLessThan(grown - 32 * 1024 * 1024);
    expect(guard.settle()).toBe(false);
  });
});

describe('sweeping memo', () => {
  it('keeps what the last KPI used, drops the rest, and counts a dropped entry computed again', () => {
    const memo = new SweepingMemo();
    memo.set('customers', 1);
    memo.set('activity', 2);
    memo.sweep();
    // The next KPI reads only the customers.
    expect(memo.get('customers')).toBe(1);
    memo.sweep();
    expect([...memo.keys()]).toEqual(['customers']);
    expect(memo.has('activity')).toBe(false);
    memo.set('activity', 2);
    expect(memo.recomputed).toBe(1);
  });
});
