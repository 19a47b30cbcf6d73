import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { startHubSpotSimulator } from '../../simulator/hubspot/server';
import { exportScenarioLines } from '../../simulator/scenario/export';
import { buildModel, parseInstant } from '../model-source';

export function registerSimulator(program: Command): void {
  program
    .command('simulator')
    .description('serve a CRM model (a scenario file or a generated history) as HubSpot-shaped HTTP on loopback')
    .option('--scenario <file>', 'load this scenario file instead of generating a history')
    .option('--deals <n>', 'generated deals', '2000')
    .option('--months <n>', 'generated span in months', '18')
    .option('--seed <n>', 'generator seed', '1')
    .option('--now <instant>', "the simulator clock (default: the scenario's now, else the current time)")
    .option('--port <n>', 'port (0 = any free port)', '4010')
    .option('--token <token>', 'the bearer token it accepts', 'pulse-simulator-token')
    .option('--tier <tier>', 'rate limits of this HubSpot tier: starter | professional | enterprise', 'professional')
    .option('--time-scale <x>', 'shrink rate-limit windows (0.1 = ten times shorter)', '1')
    .option('--export <file>', 'write the model as a scenario file and exit')
    .action(
      async (opts: {
        scenario?: string;
        deals: string;
        months: string;
        seed: string;
        now?: string;
        port: string;
        token: string;
        tier: 'starter' | 'professional' | 'enterprise';
        timeScale: string;
        export?: string;
      }) => {
        const model = await buildModel({
          ...(opts.scenario ? { scenario: opts.scenario } : {}),
          deals: Number(opts.deals),
          months: Number(opts.months),
          seed: Number(opts.seed),
          now: opts.now ? parseInstant(opts.now) : Date.now(),
          nowExplicit: opts.now !== undefined,
        });
        if (opts.export) {
          // Streamed line by line: a large generated history does not fit in one string.
          const out = createWriteStream(opts.export);
          for (const line of exportScenarioLines(model)) {
            if (!out.write(`${line}\n`)) await once(out, 'drain');
          }
          out.end();
          await once(out, 'finish');
          process.stdout.write(`wrote ${model.deals.length} deals to ${opts.export}\n`);
          return;
        }
        const sim = await startHubSpotSimulator({
          model,
          port: Number(opts.port),
          token: opts.token,
          tier: opts.tier,
          timeScale: Number(opts.timeScale),
        });
        process.stdout.write(
          `HubSpot simulator on ${sim.baseUrl} (token "${opts.token}", ${opts.tier} limits, clock ${new Date(model.now).toISOString()})\n` +
            `${model.deals.length} deals, ${model.engagements.length} engagements. Point a connection's baseUrl here. Ctrl-C stops.\n`,
        );
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            void sim.close().then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      },
    );
}
