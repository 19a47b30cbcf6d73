import { describe, expect, it } from 'vitest';
import { mapPool } from '../../src/lib/pool';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('mapPool', () => {
  it('keeps at most N tasks running and returns results in input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapPool([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('aborts the others on the first failure and waits for them before rethrowing it', async () => {
    const settled: string[] = [];
    const error = await mapPool(['a', 'b', 'c', 'd'], 2, async (item, signal) => {
      if (item === 'a') {
        await tick();
        throw new Error('a failed');
      }
      while (!signal.aborted) await tick();
      settled.push(item);
      return item;
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('a failed');
    // b was running and saw the abort before the pool gave up; c and d never started.
    expect(settled).toEqual(['b']);
  });
});
