/**
 * Positional codecs of the spilled KPI rows (spill.ts): a row becomes a flat JSON array in a fixed field order,
 * without the keys, so a million deals spill to a third of the bytes and parse faster. Optional fields are
 * written as null and restored only when the row had them, so a replayed row equals the row the query built
 * (test/storage/kpi-spill.test.ts round-trips rows with every field set).
 */
import type { ClosedFactRow, DealRow, DealStatus, StageVisitRow, StatusChangeRow } from '../../../metrics/types';
import type { RowCodec } from './spill';

type S = string | null;
type N = number | null;

/**
 * Deals: the fields as one array, a tab, then the visits and status changes as flat arrays (null when the input
 * carries no history), so the current-state view of a history file skips parsing the history.
 */
export const DEAL_CODEC: RowCodec<DealRow> = {
  encode: (d) =>
    `${JSON.stringify([
      d.id,
      d.pipelineId,
      d.stageId,
      d.status,
      d.createdAt,
      d.wonAt,
      d.lostAt,
      d.amountReporting,
      d.probability,
      d.closeDate,
      d.lostReason,
      d.source,
      d.industry,
      d.ownerId,
      d.ownerAtCreation,
      d.ownerAtClose,
      d.companyId,
      d.contactIds,
      d.properties ?? null,
      d.deletedAt === undefined ? 0 : 1,
      d.deletedAt ?? null,
    ])}\t${JSON.stringify([
      d.visits ? d.visits.flatMap((v) => [v.pipelineId, v.stageId, v.enteredAt, v.exitedAt]) : null,
      d.statusChanges ? d.statusChanges.flatMap((c) => [c.status, c.at]) : null,
    ])}`,
  decode: (line) => decodeDeal(line, true),
};

/** The same file read as current-state deals: visits and status changes are skipped, as `history: false` does. */
export const CURRENT_DEAL_CODEC: RowCodec<DealRow> = {
  encode: DEAL_CODEC.encode,
  decode: (line) => decodeDeal(line, false),
};

function decodeDeal(line: string, history: boolean): DealRow {
  // The history (visits, status changes) follows a tab, which JSON text never holds raw: a current-state read
  // parses the fields before it only.
  const tab = line.indexOf('\t');
  const v = JSON.parse(line.slice(0, tab)) as unknown[];
  const id = v[0] as string;
  const row: DealRow = {
    id,
    pipelineId: v[1] as string,
    stageId: v[2] as S,
    status: v[3] as DealStatus,
    createdAt: v[4] as number,
    wonAt: v[5] as N,
    lostAt: v[6] as N,
    amountReporting: v[7] as N,
    probability: v[8] as N,
    closeDate: v[9] as S,
    lostReason: v[10] as S,
    source: v[11] as S,
    industry: v[12] as S,
    ownerId: v[13] as S,
    ownerAtCreation: v[14] as S,
    ownerAtClose: v[15] as S,
    companyId: v[16] as S,
    contactIds: v[17] as string[],
  };
  if (v[18] !== null) row.properties = v[18] as Record<string, S>;
  if (v[19] === 1) row.deletedAt = v[20] as N;
  if (!history) return row;
  const [visits, changes] = JSON.parse(line.slice(tab + 1)) as [(string | N)[] | null, (string | number)[] | null];
  if (visits !== null) {
    const out: StageVisitRow[] = [];
    for (let i = 0; i < visits.length; i += 4) {
      out.push({
        dealId: id,
        pipelineId: visits[i] as string,
        stageId: visits[i + 1] as string,
        enteredAt: visits[i + 2] as number,
        exitedAt: visits[i + 3] as N,
      });
    }
    row.visits = out;
  }
  if (changes !== null) {
    const out: StatusChangeRow[] = [];
    for (let i = 0; i < changes.length; i += 2) {
      out.push({ dealId: id, status: changes[i] as DealStatus, at: changes[i + 1] as number });
    }
    row.statusChanges = out;
  }
  return row;
}

/** Closed-deal facts (daily buckets or one per close). */
export const FACT_CODEC: RowCodec<ClosedFactRow> = {
  encode: (f) =>
    JSON.stringify([
      f.at,
      f.outcome,
      f.pipelineId,
      f.ownerId,
      f.source,
      f.industry,
      f.lostReason,
      f.count,
      f.amountSum,
      f.amountCount,
      f.cycleDays,
    ]),
  decode: (line) => {
    const v = JSON.parse(line) as unknown[];
    return {
      at: v[0] as number,
      outcome: v[1] as ClosedFactRow['outcome'],
      pipelineId: v[2] as string,
      ownerId: v[3] as S,
      source: v[4] as S,
      industry: v[5] as S,
      lostReason: v[6] as S,
      count: v[7] as number,
      amountSum: v[8] as number,
      amountCount: v[9] as number,
      cycleDays: v[10] as number[],
    };
  },
};
