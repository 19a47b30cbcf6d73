import type { Command } from 'commander';
import { DEFAULT_STORE_PATH, loadConfig } from '../config/load';
import type { PulseConfig } from '../config/schema';
import { type Db, openStore } from '../storage/db';

export interface CliContext {
  config: PulseConfig;
  configPath: string;
  db: Db;
}

/** Loads the config named by `--config` and opens its store; the caller closes the store. */
export function openContext(command: Command): CliContext {
  const { config: path } = command.optsWithGlobals<{ config?: string }>();
  const { config, path: configPath } = loadConfig(path, process.env);
  const db = openStore({
    path: config.storage?.path ?? DEFAULT_STORE_PATH,
    ...(config.storage?.busyTimeoutMs !== undefined ? { busyTimeoutMs: config.storage.busyTimeoutMs } : {}),
  });
  return { config, configPath, db };
}
