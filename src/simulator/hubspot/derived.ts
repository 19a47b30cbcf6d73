/**
 * Values HubSpot calculates across records, which the model does not store: a contact's original source and a
 * company's lifecycle stage. Computed over the whole model once per model version (the store caches them).
 */
import type { SimDealStep } from '../fold.js';
import type { SimDeal, SimModel } from '../model.js';

/** A contact's source: its earliest lead's, else the first deal naming it (the model has no contact source). */
export function contactSources(model: SimModel): Map<string, string> {
  const map = new Map<string, string>();
  const leads = [...model.leads].sort((a, b) => a.createdAt - b.createdAt);
  for (const l of leads) {
    if (l.contact !== null && l.source !== null && !map.has(l.contact)) map.set(l.contact, l.source);
  }
  for (const d of model.deals) {
    if (d.source === null) continue;
    for (const c of d.contacts) if (!map.has(c)) map.set(c, d.source);
  }
  return map;
}

/**
 * Company lifecycle, calculated from its live deals as HubSpot's default automation does: lead at creation,
 * opportunity when its first deal is created, customer at its first win.
 */
export function companyLifecycles(
  model: SimModel,
  dealSteps: (deal: SimDeal) => SimDealStep[],
): Map<string, { at: number; stage: string }[]> {
  const firstDeal = new Map<string, number>();
  const firstWin = new Map<string, number>();
  for (const deal of model.deals) {
    if (deal.company === null || deal.deletedAt !== null || deal.mergedInto !== null) continue;
    const steps = dealSteps(deal);
    const created = steps[0]!.at;
    firstDeal.set(deal.company, Math.min(firstDeal.get(deal.company) ?? created, created));
    const won = steps[steps.length - 1]!.state.firstWonAt;
    if (won !== null) firstWin.set(deal.company, Math.min(firstWin.get(deal.company) ?? won, won));
  }
  const map = new Map<string, { at: number; stage: string }[]>();
  for (const c of model.companies) {
    const list = [{ at: c.createdAt, stage: 'lead' }];
    const opp = firstDeal.get(c.id);
    const won = firstWin.get(c.id);
    if (opp !== undefined && (won === undefined || opp < won)) {
      list.push({ at: Math.max(opp, c.createdAt), stage: 'opportunity' });
    }
    if (won !== undefined) list.push({ at: Math.max(won, c.createdAt), stage: 'customer' });
    map.set(c.id, list);
  }
  return map;
}
