/**
 * inbound_outbound_split (period): leads, deals and pipeline created, revenue won and win rate per direction
 * (the configured source -> inbound/outbound map; unmapped sources are `(none)`), beside the whole.
 */
import { periodContaining, within } from '../../lib/time';
import type { KpiConfig } from '../config';
import { leadRecords } from '../customers/lead-records';
import { dealDims, directionOf, isLive, kpiRow, makeEnv, resolveFor } from '../env';
import { matchesFilter, NONE, segmentBy } from '../segments';
import { dealSlice } from '../slices';
import type { KpiContext, KpiInput, KpiRow, SegmentKey } from '../types';
import { closeGroups } from './closed';

const KPI = 'inbound_outbound_split';

export function inboundOutboundSplit(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const env = makeEnv(input, config, ctx);
  const period = resolveFor(env, periodContaining('month', ctx.now, ctx.timeZone).label);
  const keys: SegmentKey[] = ['direction'];
  const created = segmentBy(
    (function* () {
      for (const d of dealSlice(input, { by: 'created', start: period.start, end: period.end })) {
        if (isLive(d) && env.inScope(d.pipelineId) && within(d.createdAt, period)) yield d;
      }
    })(),
    keys,
    (d) => dealDims(d, d.ownerAtCreation, env),
    () => ({ deals: 0, value: 0, missing: 0 }),
    (a, d) => {
      a.deals += 1;
      if (d.amountReporting === null) a.missing += 1;
      else a.value += d.amountReporting;
    },
    ctx.filter,
  );
  const createdBy = new Map(created.map((g) => [JSON.stringify(g.segment), g.acc]));
  const leadsBy = new Map<string, number>();
  for (const l of leadRecords(input)) {
    if (!within(l.createdAt, period)) continue;
    const dims = {
      direction: directionOf(l.source, config),
      owner: l.ownerId,
      team: env.teamOf(l.ownerId),
      source: l.source,
    };
    if (!matchesFilter(dims, ctx.filter)) continue;
    const base = { ...(ctx.filter ?? {}) };
    for (const seg of [base, { ...base, direction: dims.direction ?? NONE }]) {
      const k = JSON.stringify(seg);
      leadsBy.set(k, (leadsBy.get(k) ?? 0) + 1);
    }
  }
  const rows: KpiRow[] = [];
  for (const { segment, acc } of closeGroups(input, env, period, keys)) {
    const k = JSON.stringify(segment);
    const c = createdBy.get(k) ?? { deals: 0, value: 0, missing: 0 };
    const closed = acc.won + acc.lost;
    const base = { kpi: KPI, period, segment };
    const leads = leadsBy.get(k) ?? 0;
    rows.push(
      kpiRow({
        ...base,
        measure: 'won_amount',
        value: acc.wonAmount,
        unit: config.currency,
        n: acc.won,
        minSample: null,
      }),
    );
    rows.push(kpiRow({ ...base, measure: 'won_count', value: acc.won, unit: 'count', n: acc.won, minSample: null }));
    rows.push(
      kpiRow({ ...base, measure: 'win_rate', value: closed === 0 ? null : acc.won / closed, unit: 'ratio', n: closed }),
    );
    rows.push(
      kpiRow({ ...base, measure: 'deals_created', value: c.deals, unit: 'count', n: c.deals, minSample: null }),
    );
    rows.push(
      kpiRow({
        ...base,
        measure: 'pipeline_created',
        value: c.value,
        unit: config.currency,
        n: c.deals,
        minSample: null,
        extra: { n_missing_amount: c.missing },
      }),
    );
    rows.push(kpiRow({ ...base, measure: 'leads', value: leads, unit: 'count', n: leads, minSample: null }));
  }
  // Directions that only created deals or leads in the period still get their rows.
  for (const g of created) {
    if (rows.some((r) => JSON.stringify(r.segment) === JSON.stringify(g.segment))) continue;
    const base = { kpi: KPI, period, segment: g.segment };
    rows.push(kpiRow({ ...base, measure: 'won_amount', value: 0, unit: config.currency, n: 0, minSample: null }));
    rows.push(kpiRow({ ...base, measure: 'win_rate', value: null, unit: 'ratio', n: 0 }));
    rows.push(
      kpiRow({ ...base, measure: 'deals_created', value: g.acc.deals, unit: 'count', n: g.acc.deals, minSample: null }),
    );
    rows.push(
      kpiRow({
        ...base,
        measure: 'pipeline_created',
        value: g.acc.value,
        unit: config.currency,
        n: g.acc.deals,
        minSample: null,
      }),
    );
  }
  return rows;
}
