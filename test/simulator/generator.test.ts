import { describe, expect, it } from 'vitest';
import { foldDeal } from '../../src/simulator/fold';
import { generateModel } from '../../src/simulator/generator';
import type { SimDeal, SimModel } from '../../src/simulator/model';
import { createRng } from '../../src/simulator/rng';
import { exportScenario } from '../../src/simulator/scenario/export';

const model = generateModel({ seed: 42, deals: 2000 });

/** Whether some event moves a deal forward by more than one stage of the same pipeline. */
function skips(m: SimModel, d: SimDeal): boolean {
  let pipeline = '';
  let index = -1;
  for (const e of d.timeline) {
    if (e.pipeline !== undefined) pipeline = e.pipeline;
    if (e.stage === undefined) continue;
    const next = m.pipelines.find((p) => p.id === pipeline)?.stages.findIndex((s) => s.id === e.stage) ?? -1;
    if (e.pipeline === undefined && index >= 0 && next > index + 1) return true;
    if (e.pipeline === undefined && index >= 0 && next < index) (d as { regressed?: boolean }).regressed = true;
    index = next;
  }
  return false;
}
const regressed = (m: SimModel, d: SimDeal) => {
  skips(m, d);
  return (d as { regressed?: boolean }).regressed === true;
};

describe('the seeded generator', () => {
  it('is deterministic: the same seed gives the same export, another seed differs', () => {
    const a = exportScenario(generateModel({ seed: 7, deals: 300 }));
    expect(exportScenario(generateModel({ seed: 7, deals: 300 }))).toBe(a);
    expect(exportScenario(generateModel({ seed: 8, deals: 300 }))).not.toBe(a);
  });

  it('draws the same sequence for a seed from its own PRNG', () => {
    const a = createRng('x');
    const b = createRng('x');
    const draws = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(draws);
    expect(draws.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('makes 6 to 12 reps in 2 or 3 teams, one of them archived and still owning deals', () => {
    expect(model.users.length).toBeGreaterThanOrEqual(6);
    expect(model.users.length).toBeLessThanOrEqual(12);
    expect(new Set(model.users.map((u) => u.team)).size).toBeGreaterThanOrEqual(2);
    const archived = model.users.filter((u) => u.archived);
    expect(archived).toHaveLength(1);
    expect(model.deals.some((d) => foldDeal(d, 'EUR').owner === archived[0]?.id)).toBe(true);
  });

  it('builds two pipelines of 5 to 7 stages', () => {
    expect(model.pipelines.map((p) => p.name)).toEqual(['New business', 'Renewals']);
    for (const p of model.pipelines) expect(p.stages.length).toBeGreaterThanOrEqual(5);
    for (const p of model.pipelines) expect(p.stages.length).toBeLessThanOrEqual(7);
  });

  it('writes deals that skip stages, regress, reopen, move pipelines, get deleted or merged', () => {
    const deals = model.deals;
    expect(deals).toHaveLength(2000);
    expect(deals.filter((d) => skips(model, d)).length).toBeGreaterThan(20);
    expect(deals.filter((d) => regressed(model, d)).length).toBeGreaterThan(5);
    const reopened = deals.filter((d) => d.timeline.some((e, i) => i > 0 && e.status === 'open'));
    expect(reopened.length).toBeGreaterThan(5);
    expect(deals.filter((d) => d.timeline.slice(1).some((e) => e.pipeline !== undefined)).length).toBeGreaterThan(5);
    expect(deals.filter((d) => d.deletedAt !== null && d.mergedInto === null).length).toBeGreaterThan(5);
    expect(deals.filter((d) => d.mergedInto !== null).length).toBeGreaterThan(3);
    expect(deals.filter((d) => d.archived).length).toBeGreaterThan(0);
  });

  it('closes deals as won and lost, with lost reasons including duplicate, in several currencies', () => {
    const states = model.deals.map((d) => foldDeal(d, model.account.currency));
    expect(states.filter((s) => s.status === 'won').length).toBeGreaterThan(200);
    expect(states.filter((s) => s.status === 'lost').length).toBeGreaterThan(200);
    expect(states.filter((s) => s.status === 'open').length).toBeGreaterThan(20);
    expect(new Set(states.filter((s) => s.status === 'lost').map((s) => s.lostReason))).toContain('duplicate');
    expect(new Set(states.map((s) => s.currency))).toEqual(new Set(['EUR', 'USD', 'GBP']));
    expect(Object.keys(model.account.exchangeRates).sort()).toEqual(['GBP', 'USD']);
    expect(states.filter((s) => s.amount === null).length).toBeGreaterThan(50);
  });

  it('covers inbound and outbound sources, referrals by customers and repeat purchases', () => {
    const sources = new Set(model.deals.map((d) => d.source));
    for (const s of ['organic_search', 'paid_search', 'paid_social', 'social', 'email', 'referral', 'direct']) {
      expect(sources).toContain(s);
    }
    for (const s of ['prospecting', 'offline', 'import']) expect(sources).toContain(s);
    const companies = new Set(model.companies.map((c) => c.id));
    const referred = model.deals.filter((d) => d.properties.referred_by !== undefined);
    expect(referred.length).toBeGreaterThan(20);
    expect(referred.every((d) => companies.has(String(d.properties.referred_by)))).toBe(true);
    const perCompany = new Map<string, number>();
    for (const d of model.deals) perCompany.set(d.company ?? '', (perCompany.get(d.company ?? '') ?? 0) + 1);
    expect([...perCompany.values()].filter((n) => n > 1).length).toBeGreaterThan(50);
  });

  it('converts some leads to deals, leaves others open, and makes contacts customers after a win', () => {
    expect(model.leads.filter((l) => l.deal !== null).length).toBeGreaterThan(100);
    expect(model.leads.filter((l) => l.deal === null).length).toBeGreaterThan(100);
    const stages = new Set(model.contacts.flatMap((c) => c.lifecycle.map((l) => l.stage)));
    expect(stages).toEqual(new Set(['lead', 'opportunity', 'customer']));
  });

  it('logs 3 to 6 engagements per deal of every type, plus prospecting and support calls', () => {
    const perDeal = model.engagements.filter((e) => e.deals.length > 0).length / model.deals.length;
    expect(perDeal).toBeGreaterThan(3);
    expect(perDeal).toBeLessThan(6);
    expect(new Set(model.engagements.map((e) => e.type))).toEqual(
      new Set(['call', 'email', 'meeting', 'note', 'task']),
    );
    const calls = model.engagements.filter((e) => e.type === 'call');
    expect(new Set(calls.map((c) => c.outcome)).size).toBe(6);
    expect(calls.every((c) => c.durationSeconds !== null)).toBe(true);
    expect(model.engagements.some((e) => e.type === 'call' && e.deals.length === 0 && !e.support)).toBe(true);
    expect(model.engagements.some((e) => e.support)).toBe(true);
    expect(new Set(model.engagements.filter((e) => e.type === 'email').map((e) => e.direction)).size).toBe(3);
  });

  it('never writes an event, creation or engagement after now', () => {
    const now = model.now;
    expect(model.deals.every((d) => d.timeline.every((e) => e.at <= now) && (d.deletedAt ?? 0) <= now)).toBe(true);
    expect(model.engagements.every((e) => e.at <= now)).toBe(true);
    expect(model.contacts.every((c) => c.createdAt <= now && c.lifecycle.every((l) => l.at <= now))).toBe(true);
    expect(model.leads.every((l) => l.createdAt <= now && (l.convertedAt ?? 0) <= now)).toBe(true);
  });
});
