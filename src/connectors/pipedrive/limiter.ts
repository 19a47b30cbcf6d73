/**
 * The burst half of rate limiting: Pipedrive counts requests per token in a rolling 2-second window, 20 to 120
 * depending on the plan (pipedrive-api.md §3.1). The daily token budget lives in `governor.ts`, which uses this.
 */

import { realSleep, type Sleep } from '../../lib/sleep';

// One rolling window for both connectors (src/lib/rolling-window.ts); re-exported for this folder's modules.
export { type Release, RollingWindow } from '../../lib/rolling-window';
// One definition in src/lib/sleep.ts; re-exported because this folder's modules import it from here.
export { realSleep, type Sleep };
