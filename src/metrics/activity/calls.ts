/**
 * Period activity counts per rep (owner of the engagement): conversations, prospect calls (outbound calls to
 * records that were not customers at call time), voicemails and connect rate among prospect calls, prospecting
 * emails (rep-sent outbound emails to non-customers). Support work is excluded throughout.
 */
import type { ResolvedPeriod } from '../../lib/periods';
import { periodContaining } from '../../lib/time';
import type { KpiConfig } from '../config';
import { customerSince, isProspectAt } from '../customers/customers';
import { type Env, isLive, kpiRow, makeEnv, resolveFor } from '../env';
import { segmentBy } from '../segments';
import { segmentationKey, shared } from '../shared';
import type { KpiContext, KpiInput, KpiRow } from '../types';
import {
  engagementDims,
  engagementsWithin,
  isConnectedCall,
  isConversation,
  isHeldMeeting,
  isOutboundCall,
  isSupport,
} from './classify';

interface Acc {
  conversations: number;
  conversationCalls: number;
  heldMeetings: number;
  prospectCalls: number;
  connected: number;
  voicemails: number;
  prospectEmails: number;
}

/**
 * One pass over the period's engagements, every activity count per segment: computed once per run and period,
 * shared by the five activity KPIs.
 */
function activityGroups(input: KpiInput, env: Env, ctx: KpiContext) {
  const period = resolveFor(env, periodContaining('month', ctx.now, ctx.timeZone).label);
  const key = `activity|${period.start}|${period.end}|${period.label}|${segmentationKey(env)}`;
  return shared(env, key, () => countActivity(input, env, ctx, period));
}

function countActivity(input: KpiInput, env: Env, ctx: KpiContext, period: ResolvedPeriod) {
  const since = customerSince(input, env);
  const rules = env.config.conversations;
  const inPeriod = (function* () {
    for (const e of engagementsWithin(input, period)) if (isLive(e) && !isSupport(e, env)) yield e;
  })();
  const keys = (ctx.segmentBy ?? []).filter((k) => k === 'owner' || k === 'team');
  const groups = segmentBy(
    inPeriod,
    keys,
    (e) => engagementDims(e, env),
    (): Acc => ({
      conversations: 0,
      conversationCalls: 0,
      heldMeetings: 0,
      prospectCalls: 0,
      connected: 0,
      voicemails: 0,
      prospectEmails: 0,
    }),
    (acc, e) => {
      if (isConversation(e, env)) {
        acc.conversations += 1;
        if (isHeldMeeting(e, ctx.now)) acc.heldMeetings += 1;
        else acc.conversationCalls += 1;
      }
      const prospect = isProspectAt(since, e.at, e.contactIds, e.companyIds);
      if (prospect && isOutboundCall(e)) {
        acc.prospectCalls += 1;
        if (isConnectedCall(e, rules)) acc.connected += 1;
        if (e.outcome !== null && rules.voicemailOutcomes.includes(e.outcome)) acc.voicemails += 1;
      }
      if (prospect && e.type === 'email' && e.direction === 'outbound' && e.ownerId !== null) acc.prospectEmails += 1;
    },
    ctx.filter,
  );
  return { period, groups };
}

export function conversations(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const { period, groups } = activityGroups(input, makeEnv(input, config, ctx), ctx);
  return groups.flatMap(({ segment, acc }) => [
    kpiRow({
      kpi: 'conversations',
      measure: 'count',
      period,
      segment,
      value: acc.conversations,
      unit: 'count',
      n: acc.conversations,
      minSample: null,
    }),
    kpiRow({
      kpi: 'conversations',
      measure: 'calls',
      period,
      segment,
      value: acc.conversationCalls,
      unit: 'count',
      n: acc.conversationCalls,
      minSample: null,
    }),
    kpiRow({
      kpi: 'conversations',
      measure: 'meetings',
      period,
      segment,
      value: acc.heldMeetings,
      unit: 'count',
      n: acc.heldMeetings,
      minSample: null,
    }),
  ]);
}

export function prospectCalls(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const { period, groups } = activityGroups(input, makeEnv(input, config, ctx), ctx);
  return groups.map(({ segment, acc }) =>
    kpiRow({
      kpi: 'prospect_calls',
      measure: 'count',
      period,
      segment,
      value: acc.prospectCalls,
      unit: 'count',
      n: acc.prospectCalls,
      minSample: null,
    }),
  );
}

export function voicemails(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const { period, groups } = activityGroups(input, makeEnv(input, config, ctx), ctx);
  return groups.map(({ segment, acc }) =>
    kpiRow({
      kpi: 'voicemails',
      measure: 'count',
      period,
      segment,
      value: acc.voicemails,
      unit: 'count',
      n: acc.voicemails,
      minSample: null,
    }),
  );
}

export function connectRate(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const { period, groups } = activityGroups(input, makeEnv(input, config, ctx), ctx);
  return groups.map(({ segment, acc }) =>
    kpiRow({
      kpi: 'connect_rate',
      measure: 'rate',
      period,
      segment,
      value: acc.prospectCalls === 0 ? null : acc.connected / acc.prospectCalls,
      unit: 'ratio',
      n: acc.prospectCalls,
    }),
  );
}

export function prospectingEmails(input: KpiInput, config: KpiConfig, ctx: KpiContext): KpiRow[] {
  const { period, groups } = activityGroups(input, makeEnv(input, config, ctx), ctx);
  return groups.map(({ segment, acc }) =>
    kpiRow({
      kpi: 'prospecting_emails',
      measure: 'count',
      period,
      segment,
      value: acc.prospectEmails,
      unit: 'count',
      n: acc.prospectEmails,
      minSample: null,
    }),
  );
}
