import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach } from 'vitest';
import { configSchema, type PulseConfig } from '../../src/config/schema';

/** The shared test Redis (never flushed: every test works under its own key prefix and deletes it). */
export const REDIS_URL = process.env.PULSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh queue prefix per test. */
export const uniquePrefix = () => `pt-${randomUUID().slice(0, 8)}`;

/** Deletes every key under `prefix` (SCAN + UNLINK; the shared Redis is never flushed). */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A config object validated by the real schema. */
export function testConfig(raw: Record<string, unknown>): PulseConfig {
  return configSchema.parse(raw);
}

export const tempDb = () => join(mkdtempSync(join(tmpdir(), 'pulse-worker-')), 'pulse.db');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port'))));
    });
  });
}

/** A private `redis-server` on a free port, for tests that stop or restart Redis (never the shared one). */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  /** Saves an RDB snapshot, stops, and starts again on the same port with the same data. */
  restart(downMs?: number): Promise<void>;
}

export async function startPrivateRedis(extraArgs: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pulse-redis-'));
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn(
      'redis-server',
      ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs],
      { stdio: 'ignore' },
    );
    await waitFor(async () => {
      const probe = new Redis(port, '127.0.0.1', {
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        lazyConnect: true,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    }, 5_000);
  };
  const stop = async (save: boolean) => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    const admin = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0 });
    admin.on('error', () => undefined);
    // SHUTDOWN SAVE writes a snapshot even with `--save ""`, so a restart keeps the queues (like a real restart).
    await admin.call('SHUTDOWN', save ? 'SAVE' : 'NOSAVE').catch(() => undefined);
    admin.disconnect();
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stop(false),
    async restart(downMs = 300) {
      await stop(true);
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
  };
}

/** Polls `check` until it is true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** A worker child process (test/worker/fixtures/worker-child.ts). */
export interface ChildWorker {
  proc: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it wrote to stderr (logs), for failure messages. */
  stderr(): string;
}

/** Spawns `node bin/run-ts.mjs worker-child.ts` and resolves once it consumes its queues. */
export async function spawnWorker(options: object, env: NodeJS.ProcessEnv = {}): Promise<ChildWorker> {
  const proc = spawn(process.execPath, ['bin/run-ts.mjs', 'test/worker/fixtures/worker-child.ts'], {
    env: { ...process.env, ...env, PULSE_CHILD_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    exited.then((code) => reject(new Error(`worker exited (${code}) before ready:\n${err}`)));
  });
  return { proc, exited, stderr: () => err };
}

/**
 * Cleanups a test registers with `push`, run after it in reverse order. Every one runs; the first failure fails
 * the test after all ran, unless `ignoreFailures` (tests that kill processes whose handles may already be gone).
 */
export function cleanupAfterEach(options: { ignoreFailures?: boolean } = {}): {
  push(cleanup: () => Promise<unknown>): void;
} {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    let failure: { error: unknown } | null = null;
    for (const c of cleanups.splice(0).reverse()) {
      await c().catch((error: unknown) => {
        failure ??= { error };
      });
    }
    if (failure !== null && !options.ignoreFailures) throw (failure as { error: unknown }).error;
  });
  return { push: (cleanup) => void cleanups.push(cleanup) };
}

/** SIGKILLs the children still running and waits until every one has exited. */
export async function stopChildren(children: readonly ChildWorker[]): Promise<void> {
  for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
}
