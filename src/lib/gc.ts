/**
 * Collects garbage between two pieces of batch work (KPIs of a run, pages of a sync) when the heap has grown by
 * more than `thresholdBytes` since the last collection. The KPI engine streams every collection, so between two
 * KPIs the live heap is small; but V8, seeing room, lets a finished KPI's garbage (millions of short rows that
 * lived just long enough to be promoted) pile up across the run: at a million deals the peak RSS was 547 MB over
 * a live heap of a few tens of MB. A sync's pages behave alike. A full collection costs tens of milliseconds and
 * only runs when the growth is worth it, so small runs (and most of the test suite) never pay for one.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let fullGc: (() => void) | null | undefined;

/** V8's `gc()`, exposed at run time (the flag makes new contexts carry it), or null where that is refused. */
function gcFunction(): (() => void) | null {
  if (fullGc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      fullGc = runInNewContext('gc') as () => void;
    } catch {
      fullGc = null;
    }
  }
  return fullGc;
}

export interface HeapGuard {
  /** Collects when the heap grew past the threshold since the last mark or collection; true when it did. */
  settle(): boolean;
}

export function heapGuard(thresholdBytes = 32 * 1024 * 1024): HeapGuard {
  let base = getHeapStatistics().used_heap_size;
  return {
    settle() {
      if (getHeapStatistics().used_heap_size - base < thresholdBytes) return false;
      const gc = gcFunction();
      if (gc === null) return false;
      gc();
      base = getHeapStatistics().used_heap_size;
      return true;
    },
  };
}
