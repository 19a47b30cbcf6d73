/**
 * The typed, already-validated `kpis` section of the config (the config layer parses labels into ids and fills
 * defaults with `withKpiDefaults`). Every KPI reads only this object: no file, no environment.
 */
import type { SpendRow } from './types';

/** An annual revenue target, whole company, per team or per rep. */
export interface TargetRow {
  /** Fiscal year label it applies to (`FY2027`); absent = every year. */
  fiscalYear?: string;
  /** Team id: a team target. Absent with `ownerId` absent: the company target. */
  teamId?: string;
  /** Owner id: a rep target. */
  ownerId?: string;
  annual: number;
  /**
   * Relative weight of each fiscal month (12 numbers, first = first fiscal month) for pace and projections;
   * absent = pro-rata by exact time. Weights need not sum to 1.
   */
  monthlyWeights?: readonly number[];
}

/** Roles of stages in one pipeline (stage ids). */
export interface StageRoles {
  qualified?: string;
  proposal?: string;
}

export interface ConversationRules {
  /** Call outcomes that count as connected. @defaultValue ['connected'] */
  connectedOutcomes: readonly string[];
  /** Minimum duration of a connected call to count as a conversation. @defaultValue 60 */
  minDurationSeconds: number;
  /** Call outcomes that count as voicemails. @defaultValue ['left_voicemail'] */
  voicemailOutcomes: readonly string[];
  /** Engagements with one of these activity types are support, not sales. @defaultValue ['support_call'] */
  supportActivityTypes: readonly string[];
  /** Engagements owned by members of these teams are support. @defaultValue [] */
  supportTeams: readonly string[];
}

export interface KpiConfig {
  /** @defaultValue 1 */
  fiscalYearStartMonth: number;
  /** @defaultValue 'end' */
  fiscalYearNaming: 'end' | 'start';
  /** Reporting currency code, used as the unit of money rows. @defaultValue 'EUR' */
  currency: string;
  /** Pipelines in scope; absent = every pipeline of the stage table. */
  pipelines?: readonly string[];
  targets: readonly TargetRow[];
  /** Stage roles per pipeline id. */
  stageRoles: Readonly<Record<string, StageRoles>>;
  /** Danger-point steps per pipeline: stage ids in order, `won` for the win; default: every stage then won. */
  milestones: Readonly<Record<string, readonly string[]>>;
  /** Percentage points a step rate may fall vs the trailing four quarters before `dropped`. @defaultValue 10 */
  dangerDropPoints: number;
  /** Source value -> direction; sources absent from the map have no direction. */
  sourceDirections: Readonly<Record<string, 'inbound' | 'outbound'>>;
  /** Lost reasons that mean "never a deal" (duplicate, spam). */
  invalidLostReasons: readonly string[];
  /** Deal property holding the referring company or contact id. */
  referrerProperty?: string;
  conversations: ConversationRules;
  /** Monthly sales + marketing spend for CAC. */
  spend?: readonly SpendRow[];
  /** Gross margin 0..1 for predictive CLV. */
  grossMargin?: number;
  /** Expected customer lifetime in years for predictive CLV. */
  customerLifetimeYears?: number;
  /** Funnel reach needs every earlier stage literally entered. @defaultValue false */
  strictOrder: boolean;
  /** @defaultValue 'company' */
  customerKey: 'company' | 'contact';
  /** Pipeline whose funnel `leads_needed` runs backwards; default: the first pipeline in scope. */
  leadsNeededPipeline?: string;
  /** @defaultValue 90 */
  velocityWindowDays: number;
  /** @defaultValue 180 */
  prospectWindowDays: number;
  /** @defaultValue 12 */
  stageConversionMonths: number;
}

/** Default source map: the neutral values of scenario files and HubSpot's `hs_analytics_source` values. */
export const DEFAULT_SOURCE_DIRECTIONS: Readonly<Record<string, 'inbound' | 'outbound'>> = {
  organic_search: 'inbound',
  paid_search: 'inbound',
  paid_social: 'inbound',
  social: 'inbound',
  email: 'inbound',
  referral: 'inbound',
  direct: 'inbound',
  offline: 'outbound',
  prospecting: 'outbound',
  ORGANIC_SEARCH: 'inbound',
  PAID_SEARCH: 'inbound',
  PAID_SOCIAL: 'inbound',
  SOCIAL_MEDIA: 'inbound',
  EMAIL_MARKETING: 'inbound',
  REFERRALS: 'inbound',
  DIRECT_TRAFFIC: 'inbound',
  OFFLINE: 'outbound',
  Prospector: 'outbound',
  WebForms: 'inbound',
  LiveChat: 'inbound',
  // Pipedrive's source is the deal's marketing channel label (origin is only its detail): the labels of
  // scenarios.md "Sources". Channels are options each company defines, so other labels need the config's map.
  'Organic search': 'inbound',
  'Paid search': 'inbound',
  'Paid social': 'inbound',
  Social: 'inbound',
  'Email marketing': 'inbound',
  Referral: 'inbound',
  Direct: 'inbound',
  Offline: 'outbound',
  'Outbound prospecting': 'outbound',
};

export const DEFAULT_CONVERSATION_RULES: ConversationRules = {
  connectedOutcomes: ['connected'],
  minDurationSeconds: 60,
  voicemailOutcomes: ['left_voicemail'],
  supportActivityTypes: ['support_call'],
  supportTeams: [],
};

/** Fills every defaulted key; what is given wins. */
export function withKpiDefaults(partial: Partial<KpiConfig> = {}): KpiConfig {
  return {
    fiscalYearStartMonth: 1,
    fiscalYearNaming: 'end',
    currency: 'EUR',
    targets: [],
    stageRoles: {},
    milestones: {},
    dangerDropPoints: 10,
    sourceDirections: DEFAULT_SOURCE_DIRECTIONS,
    invalidLostReasons: [],
    strictOrder: false,
    customerKey: 'company',
    velocityWindowDays: 90,
    prospectWindowDays: 180,
    stageConversionMonths: 12,
    ...partial,
    conversations: { ...DEFAULT_CONVERSATION_RULES, ...(partial.conversations ?? {}) },
  };
}
