/**
 * Runs `work` over `items` with at most `concurrency` at once, results in input order. On the first failure it
 * aborts the signal the others share, waits until every started task has settled (so nothing still writes after
 * the caller moves on), then rethrows that first failure.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, signal: AbortSignal) => Promise<R>,
  parent?: AbortSignal,
): Promise<R[]> {
  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  if (parent?.aborted) controller.abort(parent.reason);
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const index = next++;
      try {
        controller.signal.throwIfAborted();
        results[index] = await work(items[index]!, controller.signal);
      } catch (error) {
        if (failure === null) failure = { error };
        controller.abort(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  } finally {
    parent?.removeEventListener('abort', onParentAbort);
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
