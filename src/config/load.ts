import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../lib/errors';
import { type ConnectionConfig, configSchema, DEFAULT_BASE_URLS, type PulseConfig } from './schema';

export const DEFAULT_CONFIG_PATH = 'pulse.config.yaml';
export const DEFAULT_STORE_PATH = '.pulse/pulse.db';

/** `connections[0].tokenEnv` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(top level)';
}

/** One line per issue, each naming the key and the fix. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = formatPath(issue.path);
      return issue.keys
        .map(
          (key) =>
            `${where === '(top level)' ? key : `${where}.${key}`}: unknown key (remove it or check its spelling)`,
        )
        .join('\n  - ');
    }
    return `${formatPath(issue.path)}: ${issue.message}`;
  });
}

/** Parses and validates config text; one ConfigError lists every bad key. */
export function parseConfig(text: string, source = DEFAULT_CONFIG_PATH): PulseConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ConfigError(`${source} is not valid YAML: ${(err as Error).message}`, [], { cause: err });
  }
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(`${source} has errors:`, formatIssues(result.error.issues));
  const seen = new Set<string>();
  const dupes: string[] = [];
  result.data.connections.forEach((c, i) => {
    if (seen.has(c.id)) dupes.push(`connections[${i}].id: "${c.id}" is used twice (ids must be unique)`);
    seen.add(c.id);
  });
  if (dupes.length > 0) throw new ConfigError(`${source} has errors:`, dupes);
  return result.data;
}

/** Reads the config from `--config`, else `PULSE_CONFIG`, else ./pulse.config.yaml. */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv): { config: PulseConfig; path: string } {
  const file = path ?? env.PULSE_CONFIG ?? DEFAULT_CONFIG_PATH;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      ['copy pulse.config.example.yaml to pulse.config.yaml, or pass --config FILE (or set PULSE_CONFIG)'],
      { cause: err },
    );
  }
  return { config: parseConfig(text, file), path: file };
}

export function baseUrlOf(connection: ConnectionConfig): string {
  return connection.baseUrl ?? DEFAULT_BASE_URLS[connection.provider];
}

/** The connection's token, from the environment only; a missing variable names itself and the fix. */
export function tokenOf(connection: ConnectionConfig, env: NodeJS.ProcessEnv): string {
  const token = env[connection.tokenEnv];
  if (!token) {
    throw new ConfigError(`connection "${connection.id}" has no token`, [
      `set the environment variable ${connection.tokenEnv} (see .env.example); tokens never go in the config file`,
    ]);
  }
  return token;
}

export function findConnection(config: PulseConfig, id: string | undefined): ConnectionConfig[] {
  if (id === undefined) return config.connections;
  const found = config.connections.find((c) => c.id === id);
  if (!found) {
    throw new ConfigError(`no connection "${id}"`, [
      `--connection must be one of: ${config.connections.map((c) => c.id).join(', ')}`,
    ]);
  }
  return [found];
}
