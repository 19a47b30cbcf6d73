/**
 * `pulse sync` and `pulse status` end to end: the real bin in child processes, a temporary config with one HubSpot
 * and one Pipedrive connection, each pointed at a simulator in this process serving the quickstart scenario.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncResult } from '../../src/jobs/sync';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../src/simulator/hubspot/server';
import { type PipedriveSimulator, startPipedriveSimulator } from '../../src/simulator/pipedrive/server';
import { loadScenarioFile } from '../../src/simulator/scenario/load';
import type { ConnectionStatus } from '../../src/storage/status';

const run = promisify(execFile);
const BIN = resolve('bin/pulse.mjs');
let configPath: string;
let hs: HubSpotSimulator;
let pd: PipedriveSimulator;
/** Records per object type in test/scenarios/quickstart.yaml, counted from the loaded scenario. */
let expected: Record<string, number>;

type Status = { connections: ConnectionStatus[]; queues: unknown };

beforeAll(async () => {
  const { model } = await loadScenarioFile('test/scenarios/quickstart.yaml');
  // 6 deals, 4 contacts, 4 companies, no leads; engagements e1-e4: 2 calls, 1 email, 1 meeting, no notes or tasks.
  const engagements = (type: string) => model.engagements.filter((e) => e.type === type).length;
  expected = {
    deals: model.deals.length,
    contacts: model.contacts.length,
    companies: model.companies.length,
    leads: model.leads.length,
    calls: engagements('call'),
    emails: engagements('email'),
    meetings: engagements('meeting'),
    notes: engagements('note'),
    tasks: engagements('task'),
  };
  // Each simulator gets a model of its own: they must not share mutable state.
  hs = await startHubSpotSimulator({ model, port: 0 });
  pd = await startPipedriveSimulator({
    model: (await loadScenarioFile('test/scenarios/quickstart.yaml')).model,
    port: 0,
    plan: 'growth',
    seats: 2,
  });
  const dir = mkdtempSync(join(tmpdir(), 'pulse-cli-sync-'));
  configPath = join(dir, 'pulse.config.yaml');
  writeFileSync(
    configPath,
    [
      `storage: { path: "${join(dir, 'pulse.db')}" }`,
      'connections:',
      `  - { id: hs, provider: hubspot, baseUrl: "${hs.baseUrl}", tokenEnv: HS_TOKEN }`,
      // Growth with one seat per scenario user (alice, bob), as the simulator is started; Paris like the account.
      `  - { id: pd, provider: pipedrive, baseUrl: "${pd.baseUrl}", tokenEnv: PD_TOKEN, plan: growth, seats: 2, timeZone: Europe/Paris }`,
    ].join('\n'),
  );
});

afterAll(async () => {
  await hs?.close();
  await pd?.close();
});

async function pulse(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, '--config', configPath, ...args], {
      env: { ...process.env, HS_TOKEN: hs.token, PD_TOKEN: pd.token, PULSE_LOG_LEVEL: 'silent', ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

async function syncJson(...args: string[]): Promise<SyncResult> {
  const { stdout, stderr, code } = await pulse(['sync', ...args, '--json']);
  expect(code, stderr).toBe(0);
  const results = JSON.parse(stdout) as SyncResult[];
  expect(results).toHaveLength(1);
  return results[0]!;
}

async function statusJson(connection: string): Promise<ConnectionStatus> {
  const { stdout, code } = await pulse(['status', '--connection', connection, '--json', '--no-queues']);
  expect(code).toBe(0);
  const status = JSON.parse(stdout) as Status;
  expect(status.queues).toBeNull();
  expect(status.connections.map((c) => c.connection)).toEqual([connection]);
  return status.connections[0]!;
}

/** objectType -> store count, for the object types a run or a status reports. */
const countsOf = (objects: { objectType: string; storeCount: number | null }[]) =>
  Object.fromEntries(objects.map((o) => [o.objectType, o.storeCount]));

describe('pulse sync / status against simulated CRMs', () => {
  it('syncs HubSpot fully, reports it in status, then syncs incrementally and fully again', async () => {
    const first = await syncJson('--connection', 'hs');
    expect(first).toMatchObject({ connection: 'hs', status: 'succeeded' });
    expect(first.apiCalls).toBeGreaterThan(0);
    // A first run has no cursor: every type is read in full, everything fetched lands in the store.
    for (const o of first.objects) {
      expect(o, o.objectType).toMatchObject({
        mode: 'full',
        fetched: expected[o.objectType],
        storeCount: expected[o.objectType],
        crmCount: expected[o.objectType],
        quarantined: 0,
        deleted: 0,
        complete: true,
      });
    }
    // Every object type is reported (the simulator has the leads object, empty here), with the scenario's counts.
    expect(countsOf(first.objects)).toEqual(expected);
    expect(expected).toMatchObject({ deals: 6, contacts: 4, companies: 4, leads: 0, calls: 2, emails: 1 });

    const status = await statusJson('hs');
    expect(status.lastRun).toMatchObject({ id: first.runId, full: false, status: 'succeeded', error: null });
    expect(status.lastRun?.apiCalls).toBe(first.apiCalls);
    // HubSpot is not token-metered.
    expect(status.lastRun).toMatchObject({ tokensUsed: null, tokensLeft: null });
    expect(status.objects.map((o) => o.objectType).sort()).toEqual(first.objects.map((o) => o.objectType).sort());
    for (const o of status.objects) {
      expect(o, o.objectType).toMatchObject({ complete: true, storeCount: o.crmCount, sampleMissing: 0 });
    }
    expect(countsOf(status.objects)).toEqual(expected);
    expect(status.openQuarantine).toEqual([]);

    // Nothing changed in the CRM: an incremental run fetches nothing and leaves the store counts as they were.
    const second = await syncJson('--connection', 'hs');
    expect(second.status).toBe('succeeded');
    expect(second.runId).toBeGreaterThan(first.runId);
    for (const o of second.objects) {
      expect(o, o.objectType).toMatchObject({ mode: 'incremental', fetched: 0, deleted: 0, complete: true });
    }
    expect(countsOf(second.objects)).toEqual(countsOf(first.objects));

    // --full ignores the cursors: every type is re-read, the counts are unchanged.
    const full = await syncJson('--connection', 'hs', '--full');
    expect(full.status).toBe('succeeded');
    for (const o of full.objects) {
      expect(o, o.objectType).toMatchObject({ mode: 'full', fetched: expected[o.objectType], deleted: 0 });
    }
    expect(countsOf(full.objects)).toEqual(countsOf(first.objects));
    expect((await statusJson('hs')).lastRun).toMatchObject({ id: full.runId, full: true, status: 'succeeded' });
    // Six CLI runs of a few seconds each (tsx start-up included): room for a loaded machine.
  }, 120_000);

  it('syncs Pipedrive and reports the tokens used and left in status', async () => {
    const result = await syncJson('--connection', 'pd');
    expect(result).toMatchObject({ connection: 'pd', status: 'succeeded' });
    for (const o of result.objects) {
      expect(o, o.objectType).toMatchObject({
        fetched: expected[o.objectType],
        storeCount: expected[o.objectType],
        complete: true,
      });
    }
    expect(countsOf(result.objects)).toEqual(expected);

    const status = await statusJson('pd');
    expect(status.lastRun).toMatchObject({ id: result.runId, status: 'succeeded', apiCalls: result.apiCalls });
    // The simulator charged every request against the company's daily budget; the run recorded it.
    const { tokensUsed, tokensLeft } = status.lastRun!;
    expect(tokensUsed).toBeGreaterThan(0);
    expect(tokensUsed).toBe(pd.stats().tokens.used);
    // Left = the Growth x 2 seats budget minus what was used, above the default 20 % reserve.
    expect(pd.stats().tokens.limit).toBe(120_000);
    expect(tokensLeft).toBe(120_000 * 0.8 - tokensUsed!);
    expect(status.openQuarantine).toEqual([]);
  });

  it('stops on a rejected HubSpot token, naming HS_TOKEN and never printing a token', async () => {
    // A distinctive value, so its absence from the output means something.
    const bad = 'wrong-token-7f3a9c';
    const { stdout, stderr, code } = await pulse(['sync', '--connection', 'hs'], { HS_TOKEN: bad });
    // main.ts turns a CrmAuthError into one line on stderr and exit code 1, with no stack trace.
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^HubSpot rejected the token in HS_TOKEN: .*401/);
    expect(stderr).not.toMatch(/\n\s+at /);
    for (const token of [bad, hs.token]) expect(stdout + stderr).not.toContain(token);
    // The failed run is recorded for status, with the same token-free reason.
    const { lastRun } = await statusJson('hs');
    expect(lastRun).toMatchObject({ status: 'failed', error: expect.stringMatching(/HS_TOKEN/) });
    expect(lastRun?.error).not.toContain(bad);
  });
});
