/**
 * What every KPI derives from config and the small reference tables (stages, owners) before reading rows, plus
 * the row builder that applies the output conventions (null for empty denominators, `low_sample`, labels).
 */
import { type PeriodLabel, type PeriodSpec, type ResolvedPeriod, resolvePeriod } from '../lib/periods';
import type { FiscalCalendar } from '../lib/time';
import type { KpiConfig, TargetRow } from './config';
import type { Dims } from './segments';
import type { DealRow, KpiContext, KpiFlag, KpiInput, KpiRow, StageRow } from './types';

/** Stage position inside its pipeline (0-based) and probability. */
export interface StageInfo {
  pipelineId: string;
  index: number;
  probability: number | null;
}

export interface Env {
  config: KpiConfig;
  ctx: KpiContext;
  fiscal: FiscalCalendar;
  /** Ordered open stages per pipeline in scope. */
  pipelines: Map<string, StageRow[]>;
  stageInfo: Map<string, StageInfo>;
  teamOf(ownerId: string | null): string | null;
  inScope(pipelineId: string): boolean;
}

/** Builds the environment once per KPI call (stage and owner tables are small). */
export function makeEnv(input: KpiInput, config: KpiConfig, ctx: KpiContext): Env {
  const scope = config.pipelines ? new Set(config.pipelines) : null;
  const pipelines = new Map<string, StageRow[]>();
  for (const s of input.stages) {
    if (scope && !scope.has(s.pipelineId)) continue;
    const list = pipelines.get(s.pipelineId) ?? [];
    list.push(s);
    pipelines.set(s.pipelineId, list);
  }
  const stageInfo = new Map<string, StageInfo>();
  for (const [pipelineId, list] of pipelines) {
    list.sort((a, b) => a.order - b.order);
    list.forEach((s, index) => {
      stageInfo.set(s.stageId, { pipelineId, index, probability: s.probability });
    });
  }
  const teams = new Map<string, string | null>();
  for (const o of input.owners ?? []) teams.set(o.id, o.teamId);
  return {
    config,
    ctx,
    fiscal: { startMonth: config.fiscalYearStartMonth, naming: config.fiscalYearNaming },
    pipelines,
    stageInfo,
    teamOf: (ownerId) => (ownerId === null ? null : (teams.get(ownerId) ?? null)),
    inScope: (pipelineId) => pipelines.has(pipelineId),
  };
}

/** The requested period, else the KPI's default spec. */
export function resolveFor(env: Env, defaultSpec: PeriodSpec): ResolvedPeriod {
  return resolvePeriod(env.ctx.period ?? defaultSpec, env.ctx.now, env.ctx.timeZone, env.fiscal);
}

/** Maps a source to inbound/outbound with the configured map; unmapped sources have no direction. */
export function directionOf(source: string | null, config: KpiConfig): 'inbound' | 'outbound' | null {
  return source === null ? null : (config.sourceDirections[source] ?? null);
}

/** Not deleted or merged away. */
export function isLive(row: { deletedAt?: number | null }): boolean {
  return row.deletedAt === undefined || row.deletedAt === null;
}

/** Lost with a configured invalid reason (duplicate, spam): never a deal. */
export function isInvalidLoss(deal: Pick<DealRow, 'status' | 'lostReason'>, config: KpiConfig): boolean {
  return deal.status === 'lost' && deal.lostReason !== null && config.invalidLostReasons.includes(deal.lostReason);
}

/** The customer key of a deal: its company, else its primary contact (or always the contact when configured). */
export function customerKeyOf(deal: Pick<DealRow, 'companyId' | 'contactIds'>, config: KpiConfig): string | null {
  const contact = deal.contactIds[0] ?? null;
  if (config.customerKey === 'contact') return contact === null ? null : `contact:${contact}`;
  if (deal.companyId !== null) return `company:${deal.companyId}`;
  return contact === null ? null : `contact:${contact}`;
}

/** Segment values of a deal, with the owner that applies to the KPI (at creation, at close, current). */
export function dealDims(deal: DealRow, ownerId: string | null, env: Env): Dims {
  const owner = ownerId ?? deal.ownerId;
  return {
    pipeline: deal.pipelineId,
    owner,
    team: env.teamOf(owner),
    source: deal.source,
    direction: directionOf(deal.source, env.config),
    industry: deal.industry,
  };
}

/** The target that applies to a segment (rep, team or whole) and fiscal year, if configured. */
export function targetFor(config: KpiConfig, segment: Record<string, string>, fiscalYear: string): TargetRow | null {
  const owner = segment.owner;
  const team = segment.team;
  const applies = (t: TargetRow): boolean => t.fiscalYear === undefined || t.fiscalYear === fiscalYear;
  const extra = Object.keys(segment).filter((k) => k !== 'owner' && k !== 'team');
  if (extra.length > 0) return null;
  const match = config.targets.filter((t) => {
    if (!applies(t)) return false;
    if (owner !== undefined) return t.ownerId === owner;
    if (team !== undefined) return t.teamId === team && t.ownerId === undefined;
    return t.teamId === undefined && t.ownerId === undefined;
  });
  // A year-specific target beats an every-year one.
  return match.find((t) => t.fiscalYear !== undefined) ?? match[0] ?? null;
}

/** What a KPI row needs beside the defaults. */
export interface RowSpec {
  kpi: string;
  measure: string;
  period: ResolvedPeriod | PeriodLabel | null;
  segment: Record<string, string>;
  value: number | null;
  unit: string;
  n: number;
  flags?: readonly KpiFlag[];
  /** n below which `low_sample` is flagged; null = a plain count (never low_sample). @defaultValue 5 */
  minSample?: number | null;
  setup?: readonly string[];
  extra?: Partial<Pick<KpiRow, 'n_missing_amount' | 'n_missing_close_date' | 'n_missing_probability'>>;
}

/** Builds one output row: NaN/Infinity become null, `low_sample` is added when n is under the threshold. */
export function kpiRow(spec: RowSpec): KpiRow {
  const flags = new Set<KpiFlag>(spec.flags ?? []);
  const min = spec.minSample === undefined ? 5 : spec.minSample;
  if (min !== null && spec.n < min) flags.add('low_sample');
  const value = spec.value === null || !Number.isFinite(spec.value) ? null : spec.value;
  const row: KpiRow = {
    kpi: spec.kpi,
    measure: spec.measure,
    segment: spec.segment,
    value,
    unit: spec.unit,
    n: spec.n,
    flags: [...flags],
  };
  const p = spec.period;
  if (p !== null) {
    if (typeof p === 'object' && 'kind' in p) {
      if (p.kind === 'window') row.window = p.label;
      else row.period = p.label;
    } else row.period = p;
  }
  if (spec.setup && spec.setup.length > 0) {
    row.setup = [...spec.setup];
    if (!row.flags.includes('needs_setup')) row.flags.push('needs_setup');
  }
  for (const [k, v] of Object.entries(spec.extra ?? {}) as [keyof NonNullable<RowSpec['extra']>, number][]) {
    if (v !== undefined) row[k] = v;
  }
  return row;
}

/** A `needs_setup` row: value null, naming the config keys to set. */
export function needsSetupRow(
  kpi: string,
  measure: string,
  period: RowSpec['period'],
  segment: Record<string, string>,
  unit: string,
  keys: readonly string[],
): KpiRow {
  return kpiRow({ kpi, measure, period, segment, value: null, unit, n: 0, minSample: null, setup: keys });
}
