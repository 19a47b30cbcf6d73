/**
 * Ordered shutdown. The order matters: workers first (they still need queues and Redis to hand their jobs
 * back), then queues, then Redis, then the store (a job may write until its worker has closed).
 */
import type { Logger } from '../../lib/logger';

export interface ShutdownStep {
  name: string;
  run: () => unknown;
}

/** Runs each step in turn; a failing step is logged and the next still runs, so nothing is left open. */
export async function closeInOrder(steps: readonly ShutdownStep[], log: Logger): Promise<string[]> {
  const done: string[] = [];
  for (const step of steps) {
    try {
      await step.run();
      done.push(step.name);
    } catch (err) {
      log.error({ step: step.name, err: (err as Error).message }, 'shutdown step failed');
    }
  }
  return done;
}

export interface SignalOptions {
  /** The graceful stop. */
  close: () => Promise<void>;
  log: Logger;
  /** Exits the process; injected for tests. @defaultValue process.exit */
  exit?: (code: number) => void;
  /** @defaultValue process */
  target?: NodeJS.EventEmitter;
}

/**
 * SIGTERM and SIGINT start the graceful stop; a second signal while stopping exits at once (an operator who
 * presses Ctrl-C twice means it). Returns a function that removes the handlers.
 */
export function onShutdownSignals({ close, log, exit = process.exit, target = process }: SignalOptions): () => void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      exit(130);
      return;
    }
    stopping = true;
    log.info({ signal }, 'shutting down: finishing or releasing current jobs');
    close().then(
      () => exit(0),
      (err: unknown) => {
        log.error({ err: (err as Error).message }, 'shutdown failed');
        exit(1);
      },
    );
  };
  target.on('SIGTERM', handler);
  target.on('SIGINT', handler);
  return () => {
    target.off('SIGTERM', handler);
    target.off('SIGINT', handler);
  };
}
