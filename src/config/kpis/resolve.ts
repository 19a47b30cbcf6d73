/**
 * Turns the label-based `kpis` settings into the id-based `KpiConfig` the engine consumes, once the CRM's labels
 * are known (from the store, or from the simulator for a scenario). Every name that does not resolve becomes an
 * issue; the config is still built from what did resolve, so callers decide whether issues are fatal.
 */
import {
  type ConversationRules,
  DEFAULT_CONVERSATION_RULES,
  DEFAULT_SOURCE_DIRECTIONS,
  type KpiConfig,
  type StageRoles,
  type TargetRow,
  withKpiDefaults,
} from '../../metrics/config';
import { type KnownTeam, type KpiCatalog, Lookup } from './lookup';
import type { KpiSettings } from './schema';
import { loadSpendFile, type ReadText, readTextFile, spendFromRows } from './spend';

export type { KpiCatalog } from './lookup';

/** Where files named by the settings live and how to read them. */
export interface ResolveKpiOptions {
  /** Folder `spend.file` is relative to: the config (or scenario) file's folder. @defaultValue '.' */
  baseDir?: string;
  /** @defaultValue fs.readFileSync as UTF-8 */
  readFile?: ReadText;
  /** What issue paths start with: `kpis` in pulse.config.yaml, `config` in a scenario. @defaultValue 'kpis' */
  pathPrefix?: string;
}

/** The resolved config, every name that did not resolve, and the owner → team map of the `teams` setting. */
export interface ResolvedKpis {
  config: KpiConfig;
  issues: string[];
  /**
   * Owner id → team id from the `teams` setting. The engine finds teams through `OwnerRow.teamId`, so whoever
   * builds the owner rows applies this map (`applyOwnerTeams`); Pipedrive has no reliable teams of its own.
   */
  ownerTeams: Readonly<Record<string, string>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Teams the settings may name: the provider's, plus those the `teams` map defines (label = id). */
function knownTeams(settings: KpiSettings, catalog: KpiCatalog): KnownTeam[] {
  const teams: KnownTeam[] = [...catalog.teams];
  for (const label of Object.keys(settings.teams ?? {})) {
    const lower = label.toLowerCase();
    if (!teams.some((t) => t.id.toLowerCase() === lower || t.name.toLowerCase() === lower)) {
      teams.push({ id: label, name: label });
    }
  }
  return teams;
}

function resolveOwnerTeams(settings: KpiSettings, look: Lookup): Record<string, string> {
  const ownerTeams: Record<string, string> = {};
  const teamLabelOf: Record<string, string> = {};
  for (const [teamLabel, users] of Object.entries(settings.teams ?? {})) {
    const teamId = look.team(teamLabel, ['teams', teamLabel]);
    if (teamId === null) continue;
    users.forEach((user, i) => {
      const ownerId = look.owner(user, ['teams', teamLabel, i]);
      if (ownerId === null) return;
      const earlier = ownerTeams[ownerId];
      if (earlier !== undefined && earlier !== teamId) {
        look.issue(
          ['teams', teamLabel, i],
          `user "${user}" is already in team "${teamLabelOf[ownerId]}" (a user has one team)`,
        );
        return;
      }
      ownerTeams[ownerId] = teamId;
      teamLabelOf[ownerId] = teamLabel;
    });
  }
  return ownerTeams;
}

function resolveTargets(settings: KpiSettings, look: Lookup): TargetRow[] {
  const targets: TargetRow[] = [];
  const seen = new Map<string, number>();
  (settings.targets ?? []).forEach((t, i) => {
    const row: Mutable<TargetRow> = { annual: t.annual };
    let ok = true;
    if (t.team !== undefined) {
      const teamId = look.team(t.team, ['targets', i, 'team']);
      if (teamId === null) ok = false;
      else row.teamId = teamId;
    }
    if (t.owner !== undefined) {
      const ownerId = look.owner(t.owner, ['targets', i, 'owner']);
      if (ownerId === null) ok = false;
      else row.ownerId = ownerId;
    }
    if (t.fiscalYear !== undefined) row.fiscalYear = t.fiscalYear;
    if (t.monthlyWeights !== undefined) row.monthlyWeights = t.monthlyWeights;
    if (!ok) return;
    // Two targets for one scope and year would make `targetFor` pick one silently.
    const key = `${row.fiscalYear ?? '*'}|${row.teamId ?? ''}|${row.ownerId ?? ''}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      look.issue(['targets', i], `same scope and fiscal year as targets[${earlier}] (keep one)`);
      return;
    }
    seen.set(key, i);
    targets.push(row);
  });
  return targets;
}

function resolveStageRoles(settings: KpiSettings, look: Lookup): Record<string, StageRoles> {
  const out: Record<string, StageRoles> = {};
  for (const [pipelineLabel, roles] of Object.entries(settings.stageRoles ?? {})) {
    const pipelineId = look.pipeline(pipelineLabel, ['stageRoles', pipelineLabel]);
    if (pipelineId === null) continue;
    const resolved: Mutable<StageRoles> = {};
    for (const role of ['qualified', 'proposal'] as const) {
      const value = roles[role];
      if (value === undefined) continue;
      const stageId = look.stage(pipelineId, value, ['stageRoles', pipelineLabel, role]);
      if (stageId !== null) resolved[role] = stageId;
    }
    out[pipelineId] = { ...out[pipelineId], ...resolved };
  }
  return out;
}

function resolveMilestones(settings: KpiSettings, look: Lookup): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [pipelineLabel, steps] of Object.entries(settings.milestones ?? {})) {
    const pipelineId = look.pipeline(pipelineLabel, ['milestones', pipelineLabel]);
    if (pipelineId === null) continue;
    const ids: string[] = [];
    steps.forEach((step, i) => {
      const path = ['milestones', pipelineLabel, i];
      // `won` is the outcome, not a stage: the engine's step list names it literally.
      const id = step.toLowerCase() === 'won' ? 'won' : look.stage(pipelineId, step, path);
      if (id === null) return;
      if (ids.includes(id)) look.issue(path, `"${step}" is already a step (each step once)`);
      else if (ids.includes('won')) look.issue(path, `"${step}" comes after won (won is the last step)`);
      else ids.push(id);
    });
    out[pipelineId] = ids;
  }
  return out;
}

function resolveScope(settings: KpiSettings, look: Lookup, config: Partial<KpiConfig>): void {
  if (settings.pipelines !== undefined) {
    const ids = settings.pipelines.map((p, i) => look.pipeline(p, ['pipelines', i]));
    config.pipelines = ids.filter((id): id is string => id !== null);
  }
  if (settings.leadsNeededPipeline !== undefined) {
    const id = look.pipeline(settings.leadsNeededPipeline, ['leadsNeededPipeline']);
    if (id !== null && config.pipelines !== undefined && !config.pipelines.includes(id)) {
      look.issue(
        ['leadsNeededPipeline'],
        `pipeline "${look.pipelineLabel(id)}" is not in ${look.pathOf(['pipelines'])}`,
      );
    } else if (id !== null) config.leadsNeededPipeline = id;
  }
}

function resolveConversations(settings: KpiSettings, look: Lookup): ConversationRules {
  const given = settings.conversations ?? {};
  const d = DEFAULT_CONVERSATION_RULES;
  return {
    connectedOutcomes: given.connectedOutcomes ?? d.connectedOutcomes,
    minDurationSeconds: given.minDurationSeconds ?? d.minDurationSeconds,
    voicemailOutcomes: given.voicemailOutcomes ?? d.voicemailOutcomes,
    supportActivityTypes: given.supportActivityTypes ?? d.supportActivityTypes,
    supportTeams:
      given.supportTeams === undefined
        ? d.supportTeams
        : given.supportTeams
            .map((team, i) => look.team(team, ['conversations', 'supportTeams', i]))
            .filter((id): id is string => id !== null),
  };
}

function sourceDirections(settings: KpiSettings): Record<string, 'inbound' | 'outbound'> {
  const out: Record<string, 'inbound' | 'outbound'> = { ...DEFAULT_SOURCE_DIRECTIONS };
  for (const source of settings.sources?.inbound ?? []) out[source] = 'inbound';
  for (const source of settings.sources?.outbound ?? []) out[source] = 'outbound';
  return out;
}

/**
 * Resolves the `kpis` settings against the CRM's labels and fills every default (`withKpiDefaults`; the
 * reporting currency defaults to the account's home currency). Reads the spend CSV when `spend.file` is set.
 *
 * @param settings - the output of `parseKpiSettings` (or the main config's `kpis`); undefined = all defaults
 * @param catalog - the pipelines, stages, owners and teams of the connection or scenario
 */
export function resolveKpiConfig(
  settings: KpiSettings | undefined,
  catalog: KpiCatalog,
  opts: ResolveKpiOptions = {},
): ResolvedKpis {
  const s: KpiSettings = settings ?? {};
  const look = new Lookup(opts.pathPrefix ?? 'kpis', catalog, knownTeams(s, catalog));
  // Resolved in the documented key order, so issues read top to bottom like the file.
  const config: Partial<KpiConfig> = { currency: s.currency ?? catalog.currency };
  resolveScope(s, look, config);
  config.targets = resolveTargets(s, look);
  config.stageRoles = resolveStageRoles(s, look);
  config.milestones = resolveMilestones(s, look);
  config.sourceDirections = sourceDirections(s);
  if (s.fiscalYear?.startMonth !== undefined) config.fiscalYearStartMonth = s.fiscalYear.startMonth;
  if (s.fiscalYear?.naming !== undefined) config.fiscalYearNaming = s.fiscalYear.naming;
  if (s.dangerDropPoints !== undefined) config.dangerDropPoints = s.dangerDropPoints;
  if (s.invalidLostReasons !== undefined) config.invalidLostReasons = s.invalidLostReasons;
  if (s.referrerProperty !== undefined) {
    const property = look.dealProperty(s.referrerProperty, ['referrerProperty']);
    if (property !== null) config.referrerProperty = property;
  }
  config.conversations = resolveConversations(s, look);
  if (s.spend?.rows !== undefined) config.spend = spendFromRows(s.spend.rows);
  if (s.spend?.file !== undefined) {
    const parsed = loadSpendFile(s.spend.file, opts.baseDir ?? '.', opts.readFile ?? readTextFile);
    if ('rows' in parsed) config.spend = parsed.rows;
    else for (const problem of parsed.problems) look.issue(['spend', 'file'], problem);
  }
  if (s.grossMargin !== undefined) config.grossMargin = s.grossMargin;
  if (s.customerLifetimeYears !== undefined) config.customerLifetimeYears = s.customerLifetimeYears;
  if (s.strictOrder !== undefined) config.strictOrder = s.strictOrder;
  if (s.customerKey !== undefined) config.customerKey = s.customerKey;
  if (s.windows?.velocityDays !== undefined) config.velocityWindowDays = s.windows.velocityDays;
  if (s.windows?.prospectDays !== undefined) config.prospectWindowDays = s.windows.prospectDays;
  if (s.windows?.stageConversionMonths !== undefined) config.stageConversionMonths = s.windows.stageConversionMonths;
  const ownerTeams = resolveOwnerTeams(s, look);
  return { config: withKpiDefaults(config), issues: look.issues, ownerTeams };
}

/** Owner rows with the `teams` map applied: the configured team wins over the provider's. */
export function applyOwnerTeams<T extends { id: string; teamId: string | null }>(
  owners: Iterable<T>,
  ownerTeams: Readonly<Record<string, string>>,
): T[] {
  return [...owners].map((o) => (ownerTeams[o.id] === undefined ? o : { ...o, teamId: ownerTeams[o.id] ?? null }));
}
