import { describe, expect, it } from 'vitest';
import { RollingWindowLimiter } from '../../../src/connectors/hubspot/limiter';

function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('HubSpot rolling-window limiter', () => {
  it("lets 180 requests through in a 10 s window (5 % under HubSpot's 190) and holds the 181st until the first leaves it", async () => {
    const t = fakeClock();
    const limiter = new RollingWindowLimiter({}, t.clock, t.sleep);
    for (let i = 0; i < 180; i++) (await limiter.acquire('burst'))();
    expect(t.sleeps).toEqual([]);
    t.advance(4_000);
    (await limiter.acquire('burst'))();
    // Released at 0, so free again 10 s + 1 ms of clock slack later.
    expect(t.sleeps).toEqual([6_001]);
  });

  it('keeps search at 4 requests per second', async () => {
    const t = fakeClock();
    const limiter = new RollingWindowLimiter({}, t.clock, t.sleep);
    for (let i = 0; i < 8; i++) (await limiter.acquire('search'))();
    expect(t.sleeps).toEqual([1_001]);
    expect(t.clock()).toBe(1_001);
  });

  it('counts searches in the burst window too, and honours configured budgets', async () => {
    const t = fakeClock();
    const limiter = new RollingWindowLimiter({ burstPerWindow: 3, searchPerWindow: 10 }, t.clock, t.sleep);
    (await limiter.acquire('search'))();
    (await limiter.acquire('search'))();
    (await limiter.acquire('burst'))();
    (await limiter.acquire('burst'))();
    expect(t.sleeps).toEqual([10_001]);
  });

  it('keeps a slot until the answer is back, then counts the window from the answer', async () => {
    const t = fakeClock();
    const limiter = new RollingWindowLimiter({ burstPerWindow: 2 }, t.clock, t.sleep);
    const slow = await limiter.acquire('burst');
    (await limiter.acquire('burst'))();
    // The first request's answer takes 12 s: it may have arrived at HubSpot at any time until then.
    t.advance(12_000);
    slow();
    await limiter.acquire('burst');
    // The quick one (answered at 0) has left the window; the slow one holds its slot until 22 s.
    expect(t.sleeps).toEqual([]);
    await limiter.acquire('burst');
    expect(t.sleeps).toEqual([10_001]);
  });

  it('stops waiting when the signal aborts', async () => {
    const t = fakeClock();
    const limiter = new RollingWindowLimiter({}, t.clock, t.sleep);
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await expect(limiter.acquire('burst', controller.signal)).rejects.toThrow('shutting down');
  });
});
