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

  it('never spends into the reserve when callers that passed the budget check together wait for burst slots', async () => {
    // 100 tokens, 10 % reserve: 90 spendable. Three 40-token calls pass the first check together (90 >= 40), then
    // queue for a one-request burst window; only two may spend.
    const { g, advance } = governor(100, 1);
    advance(3_600_000); // away from midnight: the burst waits must not start a new day
    const results = await Promise.allSettled(
      [1, 2, 3].map(async () => {
        const release = await g.acquire(40, 'GET /v1/deals/1/changelog');
        release();
      }),
    );
    // Which caller wins a freed slot is a scheduling detail; that exactly one is refused, with the daily stop, is not.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toMatchObject({ daily: true });
    expect(g.usage()).toEqual({ used: 80, left: 10 });
  });

  it('keeps the smallest remaining figure of the day: a late answer with an older one undoes no spending', async () => {
    const { g } = governor(null);
    g.observe({ 'x-daily-ratelimit-token-limit': '1000', 'x-daily-ratelimit-token-remaining': '300' });
    g.observe({ 'x-daily-ratelimit-token-remaining': '500' });
    // 300 remaining - 100 reserve (10 % of 1,000).
    expect(g.usage().left).toBe(200);
    await g.acquire(150, 'GET /x');
    g.observe({ 'x-daily-ratelimit-token-remaining': '300' });
    expect(g.usage().left).toBe(50);
  });
});
