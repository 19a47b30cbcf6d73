import { describe, expect, it } from 'vitest';
import { dailyBudgetOf, LocalTokenGovernor, tokenCost } from '../../../src/connectors/pipedrive/governor';
import { CrmRateLimitError } from '../../../src/lib/errors';

function governor(dailyBudget: number | null, burstPerWindow = 100) {
  let now = Date.parse('2026-06-30T23:59:59Z');
  const sleeps: number[] = [];
  const g = new LocalTokenGovernor({
    dailyBudget,
    reservePercent: 10,
    burstPerWindow,
    clock: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { g, sleeps, advance: (ms: number) => (now += ms) };
}

describe('Pipedrive token governor', () => {
  it('knows the cost of each call from the token table', () => {
    expect(tokenCost('GET', '/api/v2/deals')).toBe(10);
    expect(tokenCost('GET', '/api/v2/deals/archived')).toBe(20);
    expect(tokenCost('GET', '/v1/deals/42/changelog')).toBe(20);
    expect(tokenCost('GET', '/api/v1/leads/archived')).toBe(40);
    expect(tokenCost('GET', '/v1/users/me')).toBe(2);
    expect(tokenCost('GET', '/api/v2/pipelines')).toBe(5);
    expect(dailyBudgetOf('growth', 5)).toBe(300_000);
    expect(dailyBudgetOf(undefined, 5)).toBeNull();
  });

  it('stays under the burst window by waiting for the oldest request to leave it', async () => {
    const { g, sleeps } = governor(null, 2);
    for (let i = 0; i < 3; i++) (await g.acquire(10, 'GET /api/v2/deals'))();
    // Answered at once, so the first slot is free 2 s (+1 ms of clock slack) later.
    expect(sleeps).toEqual([2_001]);
  });

  it('keeps the reserve, then lets the day start again after the UTC midnight reset', async () => {
    const { g, advance } = governor(100);
    await g.acquire(50, 'GET /x');
    await g.acquire(40, 'GET /x');
    // 10 left, all of it the 10 % reserve.
    expect(g.usage()).toEqual({ used: 90, left: 0 });
    expect(g.canAfford(1)).toBe(false);
    await expect(g.acquire(1, 'GET /x')).rejects.toMatchObject({ daily: true, retryAfterMs: 1_000 });
    await expect(g.acquire(1, 'GET /x')).rejects.toBeInstanceOf(CrmRateLimitError);
    advance(1_000);
    expect(g.usage()).toEqual({ used: 90, left: 90 });
    await g.acquire(20, 'GET /x');
  });

  it('polls while every slot is held by a request still waiting for its answer', async () => {
    const { g, sleeps } = governor(null, 1);
    const inFlight = await g.acquire(10, 'GET /x');
    let granted = false;
    const next = g.acquire(10, 'GET /x').then((release) => {
      granted = true;
      return release;
    });
    // The fake sleep resolves at once: let a few polls run, then answer the first request.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(granted).toBe(false);
    inFlight();
    (await next)();
    // Short polls (2 s / 20) while its completion time is unknown, then the window counted from the answer.
    expect(sleeps.length).toBeGreaterThan(1);
    expect(sleeps.slice(0, -1).every((ms) => ms === 100)).toBe(true);
    expect(sleeps.at(-1)).toBe(2_001);
  });

  it('pauses the burst window when the headers say it is spent', async () => {
    const { g, sleeps } = governor(null);
    g.observe({ 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' });
    await g.acquire(10, 'GET /x');
    expect(sleeps).toEqual([1_000]);
  });
});
