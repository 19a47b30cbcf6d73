/**
 * Read-ahead for streams: while the job maps and stores page n, the requests of the next pages are already in
 * flight, so a sync is bound by the rate limit rather than by one round trip at a time. Pages still come out in
 * walk order, so each page's cursor keeps covering every earlier page (see `Page`).
 */

type Step<T> = { done: true } | { done: false; value: T };

/**
 * Pulls up to `depth` items of `source` ahead of the consumer and starts `load` on each as soon as it arrives;
 * yields the loaded items in source order. An error surfaces at the position it happened. Stopping early
 * abandons pages already requested (they are never yielded, so no cursor claims them).
 */
export async function* readAhead<S, T>(
  source: AsyncIterator<S>,
  depth: number,
  load: (item: S) => Promise<T>,
): AsyncGenerator<T> {
  const pending: Promise<Step<T>>[] = [];
  let exhausted = false;
  const pull = () => {
    // Async generators queue `next()` calls, so several outstanding calls resolve one after another, in order.
    const step = source.next().then(async (r): Promise<Step<T>> => {
      if (r.done) {
        exhausted = true;
        return { done: true };
      }
      return { done: false, value: await load(r.value) };
    });
    // Awaited later, in order; this only keeps a failure from counting as unhandled in the meantime.
    step.catch(() => {});
    pending.push(step);
  };
  let finished = false;
  try {
    for (;;) {
      while (!exhausted && pending.length < Math.max(1, depth)) pull();
      const next = pending.shift();
      if (next === undefined) break;
      const step = await next;
      if (step.done) break;
      yield step.value;
    }
    finished = true;
  } finally {
    // Not awaited: `return()` queues behind the requests in flight, which may take a while to settle.
    if (!finished) void source.return?.(undefined)?.catch(() => {});
  }
}
