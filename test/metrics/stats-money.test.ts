import { describe, expect, it } from 'vitest';
import { convert, rateAt, reportingAmount } from '../../src/lib/money';
import { mean, median, pearson, slope } from '../../src/lib/stats';

describe('statistics', () => {
  it('takes the mean of the two middle values as the median of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
  });

  it('answers null, never 0, for an empty list', () => {
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
  });

  it('computes the least-squares slope and Pearson r by hand-checked values', () => {
    // y = 2x + 1 exactly: slope 2, r 1.
    expect(slope([1, 2, 3], [3, 5, 7])).toBe(2);
    expect(pearson([1, 2, 3], [3, 5, 7])).toBeCloseTo(1, 12);
    // x = 1,2,3 y = 2,1,3: sxy = 1, sxx = 2, syy = 2 -> slope 0.5, r 0.5.
    expect(slope([1, 2, 3], [2, 1, 3])).toBe(0.5);
    expect(pearson([1, 2, 3], [2, 1, 3])).toBeCloseTo(0.5, 12);
    expect(pearson([1, 1, 1], [2, 1, 3])).toBeNull();
  });
});

describe('money', () => {
  const settings = {
    reportingCurrency: 'EUR',
    rates: [
      { currency: 'USD', rate: 0.9, fromMs: 0 },
      { currency: 'USD', rate: 0.8, fromMs: 1000 },
    ],
  };

  it('converts won revenue at the won date rate and open pipeline at the as-of rate', () => {
    expect(
      reportingAmount({ amount: 100, currency: 'USD', status: 'won', wonAt: 500, lostAt: null }, 2000, settings),
    ).toBeCloseTo(90, 12);
    expect(
      reportingAmount({ amount: 100, currency: 'USD', status: 'open', wonAt: null, lostAt: null }, 2000, settings),
    ).toBeCloseTo(80, 12);
  });

  it('prefers the provider home-currency amount when present', () => {
    expect(convert({ amount: 100, currency: 'USD', amountHome: 91.5 }, 0, settings)).toEqual({ ok: true, value: 91.5 });
  });

  it('never adds an unconverted currency: a missing rate leaves the deal out', () => {
    expect(rateAt('GBP', 0, settings)).toBeNull();
    expect(convert({ amount: 100, currency: 'GBP' }, 0, settings)).toEqual({ ok: false, reason: 'no_rate' });
    expect(convert({ amount: null, currency: 'EUR' }, 0, settings)).toEqual({ ok: false, reason: 'no_amount' });
  });
});
