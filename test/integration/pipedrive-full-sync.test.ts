import { afterEach, describe, expect, it } from 'vitest';
import { generateModel } from '../../src/simulator/generator';
import { loadScenarioFile } from '../../src/simulator/scenario/load';
import { type PipedriveHarness, startPipedriveHarness } from '../helpers/pipedrive-harness';

let harness: PipedriveHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('Pipedrive full sync against the simulator', () => {
  it('stores the quickstart scenario exactly as Pipedrive carries it', async () => {
    const { model } = await loadScenarioFile('test/scenarios/quickstart.yaml');
    harness = await startPipedriveHarness(model);
    const result = await harness.sync();
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
    expect(result.status).toBe('succeeded');
  });

  it('stores a generated history with nothing lost and nothing duplicated', async () => {
    const model = generateModel({ seed: 5, deals: 200, months: 8, now: Date.parse('2026-06-30T09:00:00Z') });
    harness = await startPipedriveHarness(model);
    const result = await harness.sync();
    expect(harness.diff()).toEqual({ differences: [], count: 0 });
    expect(result.status).toBe('succeeded');
  });
});
