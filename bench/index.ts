export {};

/**
 * `npm run bench -- <name> [options]`: runs bench/<name>.ts, which prints its figures and parameters.
 * Benchmarks: sync (HubSpot full sync vs the reference minimum), kpis (the KPI set over a large store),
 * worker (connections x worker processes).
 */
const name = process.argv[2] ?? 'sync';
if (!/^[a-z-]+$/.test(name)) throw new Error(`unknown benchmark "${name}"`);
await import(`./${name}.ts`);
