import { describe, expect, it } from 'vitest';
import { parseConfig, tokenOf } from '../../src/config/load';
import { ConfigError } from '../../src/lib/errors';

const valid = `
connections:
  - { id: main, provider: hubspot, tokenEnv: HUBSPOT_TOKEN }
`;

function issuesOf(text: string): string[] {
  try {
    parseConfig(text, 'pulse.config.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('accepts a minimal config and leaves defaults unset', () => {
    const config = parseConfig(valid);
    expect(config.connections).toEqual([{ id: 'main', provider: 'hubspot', tokenEnv: 'HUBSPOT_TOKEN' }]);
  });

  it('lists every bad key with its fix in one error', () => {
    const issues = issuesOf(`
storage: { pth: x.db }
connections:
  - { id: main, provider: hubsopt, tokenEnv: pat-na1-123, timeZone: Paris/France }
  - { provider: pipedrive, tokenEnv: PD_TOKEN, baseUrl: not a url }
`);
    expect(issues).toEqual([
      'storage.pth: unknown key (remove it or check its spelling)',
      'connections[0].provider: must be hubspot or pipedrive',
      'connections[0].tokenEnv: must be an environment variable name such as HUBSPOT_TOKEN (the token itself never goes in this file)',
      'connections[0].timeZone: unknown time zone (use an IANA name such as Europe/Paris)',
      'connections[1].id: required: a short name for this connection, e.g. main',
      'connections[1].baseUrl: must be a URL such as https://api.hubapi.com',
    ]);
  });

  it('rejects two connections with one id', () => {
    expect(issuesOf(`${valid}  - { id: main, provider: pipedrive, tokenEnv: PD }\n`)).toEqual([
      'connections[1].id: "main" is used twice (ids must be unique)',
    ]);
  });

  it('names the missing environment variable without reading any token from the file', () => {
    const [connection] = parseConfig(valid).connections;
    expect(() => tokenOf(connection!, {})).toThrow(/set the environment variable HUBSPOT_TOKEN/);
    expect(tokenOf(connection!, { HUBSPOT_TOKEN: 'pat-na1-x' })).toBe('pat-na1-x');
  });
});
