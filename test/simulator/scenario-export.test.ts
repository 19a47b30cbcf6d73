import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateModel } from '../../src/simulator/generator';
import { exportScenario, exportScenarioLines } from '../../src/simulator/scenario/export';
import { loadScenario } from '../../src/simulator/scenario/load';
import { formatInstant } from '../../src/simulator/scenario/time';

const QUICKSTART = readFileSync(new URL('../scenarios/quickstart.yaml', import.meta.url), 'utf8');

describe('exporting a model as a scenario', () => {
  it('round-trips the quickstart byte for byte: export, load, export', () => {
    const first = loadScenario(QUICKSTART);
    const opts = { config: { targets: { monthly: 3000 } }, expect: first.expect, header: 'Quickstart, exported.' };
    const text = exportScenario(first.model, opts);
    const again = loadScenario(text);
    expect(
      exportScenario(again.model, { config: again.config, expect: again.expect, header: 'Quickstart, exported.' }),
    ).toBe(text);
    expect(again.model).toEqual(first.model);
    expect(again.expect).toEqual(first.expect);
  });

  it('round-trips a generated model to the same bytes and the same in-memory model', () => {
    const model = generateModel({ seed: 'round-trip', deals: 150 });
    const text = exportScenario(model);
    const loaded = loadScenario(text).model;
    expect(exportScenario(loaded)).toBe(text);
    expect(isDeepStrictEqual(loaded, model)).toBe(true);
  });

  it('writes instants as Z without zero milliseconds, and keeps non-zero ones', () => {
    expect(formatInstant(Date.parse('2026-01-05T10:00:00+01:00'))).toBe('2026-01-05T09:00:00Z');
    expect(formatInstant(Date.parse('2026-01-05T09:00:00.250Z'))).toBe('2026-01-05T09:00:00.250Z');
  });

  it('quotes strings that YAML would read as something else', () => {
    const model = loadScenario(QUICKSTART).model;
    const company = model.companies[0]!;
    company.name = 'true';
    company.properties = { code: '0012', note: 'a: b', empty: '', tag: '#1', yes: 'no', n: 3, flag: false, none: null };
    const text = exportScenario(model);
    expect(text).toContain('name: "true"');
    const back = loadScenario(text).model.companies[0]!;
    expect(back.name).toBe('true');
    expect(back.properties).toEqual(company.properties);
  });

  it('streams the same text line by line', () => {
    const model = loadScenario(QUICKSTART).model;
    expect(`${[...exportScenarioLines(model)].join('\n')}\n`).toBe(exportScenario(model));
  });
});
