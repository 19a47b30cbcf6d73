import type { CheckContext, Indexed } from './check-context';
import type { RawDeal, RawDealEvent } from './schema';
import { parseInstant } from './time';

const CHANGE_KEYS = [
  'pipeline',
  'stage',
  'status',
  'lostReason',
  'amount',
  'currency',
  'owner',
  'closeDate',
  'probability',
] as const satisfies readonly (keyof RawDealEvent)[];

/**
 * Deal rules: references, and a timeline that starts with pipeline/stage/owner, stays in time order, never passes
 * `now`, and only names stages of the pipeline the deal is in at that point (a pipeline change carries its stage).
 */
export function checkDeals(ctx: CheckContext, deals: readonly Indexed<RawDeal>[]): void {
  for (const { i, v: deal } of deals) {
    const path = `deals[${i}]`;
    ctx.ref(`${path}.company`, 'companies', deal.company);
    ctx.refs(`${path}.contacts`, 'contacts', deal.contacts);
    let pipeline: string | undefined;
    let prevAt = Number.NEGATIVE_INFINITY;
    deal.timeline.forEach((ev, j) => {
      const p = `${path}.timeline[${j}]`;
      const at = ctx.notAfterNow(`${p}.at`, ev.at);
      if (at < prevAt) ctx.add(`${p}.at`, `${ev.at} is out of time order (before timeline[${j - 1}])`);
      prevAt = Math.max(prevAt, at);
      if (j === 0) {
        for (const key of ['pipeline', 'stage', 'owner'] as const) {
          if (ev[key] === undefined) ctx.add(`${p}.${key}`, 'required in the first event (it creates the deal)');
        }
      } else if (!CHANGE_KEYS.some((k) => ev[k] !== undefined)) {
        ctx.add(p, 'an event must change at least one field');
      }
      if (ev.pipeline !== undefined) {
        if (!ctx.stages.has(ev.pipeline)) ctx.add(`${p}.pipeline`, `unknown pipeline ${JSON.stringify(ev.pipeline)}`);
        else if (ev.stage === undefined && j > 0) ctx.add(`${p}.pipeline`, 'a pipeline change must come with a stage');
        pipeline = ev.pipeline;
      }
      const stages = pipeline === undefined ? undefined : ctx.stages.get(pipeline);
      if (ev.stage !== undefined && stages !== undefined && !stages.has(ev.stage)) {
        ctx.add(`${p}.stage`, `unknown stage ${JSON.stringify(ev.stage)} in pipeline ${JSON.stringify(pipeline)}`);
      }
      ctx.ref(`${p}.owner`, 'users', ev.owner);
      if (ev.currency !== undefined && !ctx.currencies.has(ev.currency)) {
        ctx.add(`${p}.currency`, `no exchange rate for ${JSON.stringify(ev.currency)} in account.exchangeRates`);
      }
    });
    const createdAt = parseInstant(deal.timeline[0]?.at ?? '') ?? Number.NaN;
    ctx.removal(path, 'deals', deal, createdAt);
    if (deal.deletedAt !== null && deal.deletedAt !== undefined) {
      const deletedAt = parseInstant(deal.deletedAt) ?? Number.NaN;
      if (deletedAt < prevAt) ctx.add(`${path}.deletedAt`, `${deal.deletedAt} is before the last timeline event`);
    }
  }
}
