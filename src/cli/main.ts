import { Command, CommanderError } from 'commander';
import { ConfigError, CrmAuthError, ScenarioError } from '../lib/errors';
import { registerDemo } from './commands/demo';
import { registerKpis } from './commands/kpis';
import { registerRun } from './commands/run';
import { registerSchedule } from './commands/schedule';
import { registerSimulator } from './commands/simulator';
import { registerStatus } from './commands/status';
import { registerSync } from './commands/sync';
import { registerVerify } from './commands/verify';
import { registerWorker } from './commands/worker';

/**
 * The edge of the program: parses argv, and each command wires its own collaborators (config, store, connectors).
 * Expected failures (bad config, rejected token, bad scenario) print one clear message and exit 1.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('pulse')
    .description('Pipeline Pulse: sync your CRM into a local store and compute the KPIs sales teams steer by.')
    .option('-c, --config <file>', 'config file (default: $PULSE_CONFIG or ./pulse.config.yaml)')
    .exitOverride()
    .showHelpAfterError();
  registerDemo(program);
  registerSync(program);
  registerStatus(program);
  registerKpis(program);
  registerSimulator(program);
  registerWorker(program);
  registerSchedule(program);
  registerRun(program);
  registerVerify(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConfigError || err instanceof CrmAuthError || err instanceof ScenarioError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
