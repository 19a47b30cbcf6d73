import type { SyncProgress } from '../jobs/sync';

/**
 * One status line on a terminal (rewritten in place), nothing when stderr is not a terminal or output is JSON:
 * scripts get clean output, people see that a long sync is moving.
 */
export function syncProgressLine(
  enabled: boolean,
  label: string,
): {
  update: (p: SyncProgress) => void;
  done: () => void;
} {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  return {
    update: (p) => {
      const at = performance.now();
      if (p.phase === 'reading' && at - last < 100) return;
      last = at;
      process.stderr.write(`\r\x1b[2K${label}: ${p.objectType} ${p.phase} ${p.fetched.toLocaleString('en')} records`);
    },
    done: () => process.stderr.write('\r\x1b[2K'),
  };
}
