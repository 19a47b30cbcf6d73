/**
 * What `pulse verify` translates for Pipedrive: a scenario speaks in neutral ids and HubSpot-flavoured labels,
 * the Pipedrive store in Pipedrive ids, channel labels and custom-field hash keys. Pipedrive also lacks three
 * things a real deployment configures, so verify builds them from the scenario the way a user would write them:
 * the exchange-rate table (Pipedrive converts nothing), the team map (Pipedrive has no reliable teams) and the
 * company time zone (Pipedrive exposes none).
 */
import type { KpiSettings } from '../config/kpis';
import type { RateRow } from '../lib/money';
import { DEFAULT_SOURCE_DIRECTIONS } from '../metrics/config';
import type { SimModel } from '../simulator/model';
import { pipedriveSource, SOURCE_MAP } from '../simulator/pipedrive/format';
import { createPipedriveIds, customFieldKey, type PipedriveIds } from '../simulator/pipedrive/ids';
import type { ExpectationSegment } from '../simulator/scenario/types';
import type { ProviderSegment } from './expectations';

/**
 * Pipedrive activity types by name (`/v1/activityTypes`): a config names them by the label the CRM shows, the
 * store keeps the `key_string`. Only the custom one differs from its key.
 */
const ACTIVITY_TYPE_KEYS: Readonly<Record<string, string>> = { 'support call': 'support_call' };

/**
 * The rate table of the scenario's `exchangeRates`: constant rates (no `fromMs`), 1 unit of the currency in the
 * home currency. HubSpot serves `amount_in_home_currency` computed with the same rates, so both providers report
 * the same money.
 */
export function pipedriveRates(model: SimModel): RateRow[] {
  return Object.entries(model.account.exchangeRates).map(([currency, rate]) => ({ currency, rate }));
}

/** The channel label Pipedrive serves for a neutral source (unknown sources keep their name). */
export function pipedriveSourceValue(source: string): string {
  return pipedriveSource(source).channel ?? source;
}

/**
 * The scenario's `config` as a Pipedrive user would write it:
 * - `teams`: Pipedrive has no teams, so the scenario users' `team` become the team map (keyed by e-mail), unless
 *   the config has its own;
 * - `sources`: neutral values become the channel labels the store holds, and every neutral value of the default
 *   source map is added by its channel label (the engine's defaults know HubSpot's values, not our channels);
 * - `conversations.supportActivityTypes`: labels become activity type keys (`Support call` -> `support_call`);
 * - `referrerProperty`: a custom property name becomes its 40-hex field key (custom fields are stored by key).
 */
export function pipedriveSettings(settings: KpiSettings, model: SimModel): KpiSettings {
  const out: KpiSettings = { ...settings };
  if (out.teams === undefined) {
    const teams: Record<string, string[]> = {};
    for (const u of model.users) {
      if (u.team === null) continue;
      const members = teams[u.team] ?? [];
      members.push(u.email);
      teams[u.team] = members;
    }
    if (Object.keys(teams).length > 0) out.teams = teams;
  }
  const inbound = new Set<string>();
  const outbound = new Set<string>();
  for (const [neutral, direction] of Object.entries(DEFAULT_SOURCE_DIRECTIONS)) {
    if (SOURCE_MAP[neutral] === undefined) continue;
    (direction === 'inbound' ? inbound : outbound).add(pipedriveSourceValue(neutral));
  }
  for (const s of settings.sources?.inbound ?? []) {
    outbound.delete(pipedriveSourceValue(s));
    inbound.add(pipedriveSourceValue(s));
  }
  for (const s of settings.sources?.outbound ?? []) {
    inbound.delete(pipedriveSourceValue(s));
    outbound.add(pipedriveSourceValue(s));
  }
  out.sources = { inbound: [...inbound], outbound: [...outbound] };
  const support = settings.conversations?.supportActivityTypes;
  if (support !== undefined && settings.conversations !== undefined) {
    out.conversations = {
      ...settings.conversations,
      supportActivityTypes: support.map((t) => ACTIVITY_TYPE_KEYS[t.toLowerCase()] ?? t),
    };
  }
  if (settings.referrerProperty !== undefined) {
    out.referrerProperty = customFieldKey('deal', settings.referrerProperty);
  }
  return out;
}

/**
 * An expectation's segment with the values a Pipedrive store holds: ids (as strings) for pipeline, stage (in the
 * named pipeline, else the first pipeline that has it) and owner; the team's label (teams come from the team
 * map, whose labels are their ids); the channel label for a neutral source; the industry's option label.
 */
export function pipedriveSegment(
  model: SimModel,
  segment: ExpectationSegment | undefined,
  ids: PipedriveIds = createPipedriveIds(model),
): ProviderSegment {
  const out: ProviderSegment = {};
  if (segment === undefined) return out;
  const missing = (what: string, v: string): string => `?${what}:${v}`;
  const text = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));
  if (segment.pipeline !== undefined) {
    out.pipeline = text(ids.pipelineId(segment.pipeline)) ?? missing('pipeline', segment.pipeline);
  }
  if (segment.stage !== undefined) {
    const stage = segment.stage;
    const pipeline = segment.pipeline ?? model.pipelines.find((pl) => pl.stages.some((s) => s.id === stage))?.id;
    out.stage = (pipeline === undefined ? undefined : text(ids.stageId(pipeline, stage))) ?? missing('stage', stage);
  }
  if (segment.owner !== undefined) out.owner = text(ids.userId(segment.owner)) ?? missing('owner', segment.owner);
  if (segment.team !== undefined) out.team = segment.team;
  if (segment.source !== undefined) out.source = pipedriveSourceValue(segment.source);
  if (segment.direction !== undefined) out.direction = segment.direction;
  if (segment.industry !== undefined) out.industry = segment.industry;
  return out;
}
