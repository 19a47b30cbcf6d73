import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { advance, DAY, HOUR } from '../../src/simulator/clock';
import { foldDeal } from '../../src/simulator/fold';
import { generateModel } from '../../src/simulator/generator';
import type { SimModel } from '../../src/simulator/model';
import {
  addCompany,
  addContact,
  addDeal,
  addEngagement,
  bulkTouch,
  deleteRecord,
  editAssociations,
  mergeDeals,
  moveStage,
  setDealFields,
} from '../../src/simulator/mutations';
import { loadScenario } from '../../src/simulator/scenario/load';

const QUICKSTART = readFileSync(new URL('../scenarios/quickstart.yaml', import.meta.url), 'utf8');
let model: SimModel;
const deal = (id: string) => model.deals.find((d) => d.id === id)!;

beforeEach(() => {
  model = loadScenario(QUICKSTART).model;
});

describe('the simulator clock', () => {
  it('moves forward only', () => {
    const start = model.now;
    expect(advance(model, 2 * HOUR)).toBe(start + 2 * HOUR);
    expect(() => advance(model, -1)).toThrow(/not a forward step/);
  });
});

describe('mutations at the simulator clock', () => {
  it('appends a stage move at now and stamps modifiedAt and the wall clock', () => {
    advance(model, DAY);
    moveStage(model, 'd4', 'proposal');
    const d4 = deal('d4');
    expect(d4.timeline.at(-1)).toEqual({ at: model.now, stage: 'proposal' });
    expect(d4.modifiedAt).toBe(model.now);
    expect(d4.writtenAtWallMs).toBeGreaterThan(0);
    expect(foldDeal(d4, 'EUR').stage).toBe('proposal');
  });

  it('refuses a stage of another pipeline and an event before the last one', () => {
    expect(() => moveStage(model, 'd4', 'qualifed')).toThrow('unknown stage "qualifed" in pipeline "sales"');
    expect(() => moveStage(model, 'd4', 'proposal', Date.parse('2026-01-01T00:00:00Z'))).toThrow(
      /before the deal's last event/,
    );
    expect(() => moveStage(model, 'd4', 'proposal', model.now + 1)).toThrow(/after now/);
  });

  it('sets several deal fields as one timeline event, and record fields in place', () => {
    advance(model, HOUR);
    setDealFields(model, 'd6', { status: 'lost', lostReason: 'timing', amount: 900, name: 'Globex phase 2b' });
    const d6 = deal('d6');
    expect(d6.timeline.at(-1)).toEqual({ at: model.now, status: 'lost', lostReason: 'timing', amount: 900 });
    expect(d6.name).toBe('Globex phase 2b');
    expect(foldDeal(d6, 'EUR')).toMatchObject({ status: 'lost', closedAt: model.now });
  });

  it('adds a deal, a company, a contact and an engagement created now', () => {
    advance(model, HOUR);
    const company = addCompany(model, { name: 'Hooli' });
    const contact = addContact(model, { name: 'Gavin', company: company.id, lifecycleStage: 'lead' });
    const d = addDeal(model, {
      name: 'Hooli pilot',
      pipeline: 'sales',
      stage: 'qualify',
      owner: 'alice',
      company: company.id,
      contacts: [contact.id],
    });
    const e = addEngagement(model, { type: 'call', outcome: 'connected', durationSeconds: 90, deals: [d.id] });
    expect([company.id, contact.id, d.id, e.id]).toEqual(['c5', 'p5', 'd7', 'e5']);
    for (const rec of [company, contact, d, e]) expect(rec.modifiedAt).toBe(model.now);
    expect(d.timeline).toEqual([{ at: model.now, pipeline: 'sales', stage: 'qualify', owner: 'alice' }]);
    expect(contact.lifecycle).toEqual([{ at: model.now, stage: 'lead' }]);
    expect(() => addDeal(model, { id: 'd1', name: 'x', pipeline: 'sales', stage: 'qualify', owner: 'alice' })).toThrow(
      /already taken/,
    );
  });

  it('deletes a record at now', () => {
    advance(model, HOUR);
    deleteRecord(model, 'contacts', 'leo');
    const leo = model.contacts.find((c) => c.id === 'leo')!;
    expect([leo.deletedAt, leo.modifiedAt]).toEqual([model.now, model.now]);
  });

  it('merges a loser into a winner: the loser is deleted with mergedInto, the winner modified', () => {
    advance(model, HOUR);
    mergeDeals(model, 'd5', 'd1');
    expect(deal('d1')).toMatchObject({ mergedInto: 'd5', deletedAt: model.now, modifiedAt: model.now });
    expect(deal('d5').modifiedAt).toBe(model.now);
  });

  it('edits associations without moving modifiedAt, as on HubSpot', () => {
    const before = deal('d4').modifiedAt;
    advance(model, HOUR);
    editAssociations(model, 'd4', { contacts: ['leo', 'jane'], company: 'acme' });
    expect(deal('d4')).toMatchObject({ contacts: ['leo', 'jane'], company: 'acme', modifiedAt: before });
    expect(() => editAssociations(model, 'd4', { contacts: ['nobody'] })).toThrow(/unknown contact "nobody"/);
  });

  it('stamps more than 10,000 records with one identical modifiedAt in a bulk edit', () => {
    const big = generateModel({ seed: 'bulk', deals: 200 });
    const ids = big.engagements.map((e) => e.id);
    while (big.engagements.length < 10_500) {
      addEngagement(big, { type: 'note', at: big.now - DAY });
      ids.push(big.engagements.at(-1)!.id);
    }
    const at = big.now - HOUR;
    expect(bulkTouch(big, 'engagements', ids, at)).toBe(ids.length);
    expect(new Set(big.engagements.map((e) => e.modifiedAt))).toEqual(new Set([at]));
    expect(new Set(big.engagements.map((e) => e.writtenAtWallMs)).size).toBe(1);
    expect(() => bulkTouch(big, 'deals', ['nope'])).toThrow(/unknown deals: nope/);
  });
});
