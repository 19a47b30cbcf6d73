import { describe, expect, it } from 'vitest';
import { KPI_CATALOGUE, KPI_IDS, missingConfig } from '../../src/metrics';
import { withKpiDefaults } from '../../src/metrics/config';
import { quickstart, quickstartCtx } from './fixtures';

/** Every id of the specification's KPI table. */
const SPEC_IDS = [
  'open_deals_by_stage',
  'open_value_by_stage',
  'pipeline_coverage',
  'won_revenue',
  'stage_conversion',
  'leads_needed',
  'danger_points',
  'conversations',
  'prospect_calls',
  'voicemails',
  'connect_rate',
  'prospecting_emails',
  'emails_calls_correlation',
  'conversations_to_close',
  'sales_cycle_days',
  'days_to_customer',
  'prospect_to_customer_rate',
  'proposal_loss_rate',
  'never_engaged_rate',
  'second_purchase_90d_rate',
  'referral_6m_rate',
  'leads_created',
  'lead_conversion_rate',
  'avg_revenue_per_sale',
  'win_rate',
  'customer_lifetime_value',
  'sales_velocity',
  'inbound_outbound_split',
  'cac',
];

describe('KPI catalogue', () => {
  it('lists every KPI id of the specification exactly once', () => {
    expect([...KPI_IDS].sort()).toEqual([...SPEC_IDS].sort());
  });

  it('answers needs_setup naming the config key for every KPI that needs config', () => {
    const config = withKpiDefaults();
    for (const def of KPI_CATALOGUE.filter((k) => k.needs.length > 0)) {
      const keys = missingConfig(def, config, ['sales']);
      expect(keys.length, def.id).toBeGreaterThan(0);
      const rows = def.compute(quickstart(), config, quickstartCtx({ period: '2026-02' }));
      const named = rows.filter((r) => r.flags.includes('needs_setup')).flatMap((r) => r.setup ?? []);
      for (const key of keys) expect(named, `${def.id} names ${key}`).toContain(key);
      for (const r of rows.filter((x) => x.flags.includes('needs_setup'))) expect(r.value, def.id).toBeNull();
    }
  });

  it('gives every KPI rows with the output shape on the quickstart data', () => {
    for (const def of KPI_CATALOGUE) {
      const rows = def.compute(quickstart(), withKpiDefaults(), quickstartCtx({ period: '2026-02' }));
      for (const r of rows) {
        expect(r.kpi).toBe(def.id);
        expect(typeof r.n).toBe('number');
        expect(Array.isArray(r.flags)).toBe(true);
      }
      expect(
        rows.some((r) => r.measure === def.mainMeasure),
        def.id,
      ).toBe(true);
    }
  });
});
