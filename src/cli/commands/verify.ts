import type { Command } from 'commander';
import { rowLabel } from '../../verify/expectations';
import { type Provider, type VerifyResult, verifyScenario } from '../../verify/run';
import { printJson, table } from '../output';

const PROVIDERS = ['hubspot', 'pipedrive', 'all'] as const;
/** Store differences printed per provider: the first few say what broke; the count says how much. */
const SHOWN_DIFFERENCES = 10;

function printResult(result: VerifyResult): void {
  process.stdout.write(`${result.file}: ${result.ok ? 'PASS' : 'FAIL'}\n`);
  for (const p of result.providers) {
    if (p.status === 'skipped') {
      process.stdout.write(`  ${p.provider}: skipped (${p.reason ?? 'not available'})\n`);
      continue;
    }
    const failed = p.expectations.filter((e) => e.status === 'fail').length;
    process.stdout.write(
      `  ${p.provider}: sync ${p.syncStatus ?? '?'}, ${p.store?.count ?? 0} store differences, ` +
        `${p.expectations.length - failed}/${p.expectations.length} expectations pass\n`,
    );
    if (p.expectations.length > 0) {
      const rows = p.expectations.map((e) => [
        e.label,
        e.expected,
        e.got,
        e.status === 'pass' ? 'pass' : e.status === 'skip' ? 'skip' : `FAIL: ${e.problems.join('; ')}`,
      ]);
      process.stdout.write(`${table(['expectation', 'expected', 'got', 'result'], rows)}\n`);
    }
    for (const e of p.expectations.filter((x) => x.status === 'fail' && x.closest.length > 0)) {
      process.stdout.write(`  closest rows to expect[${e.index}] ${e.label}:\n`);
      for (const r of e.closest) process.stdout.write(`    ${rowLabel(r)}\n`);
    }
    const diffs = p.store?.differences ?? [];
    if (diffs.length > 0) {
      process.stdout.write(`  store vs model (${p.store?.count ?? 0} differences, first ${SHOWN_DIFFERENCES}):\n`);
      for (const d of diffs.slice(0, SHOWN_DIFFERENCES)) process.stdout.write(`    ${d}\n`);
    }
  }
}

/**
 * `pulse verify FILE...`: each scenario synced through the provider's simulator into a temporary store, KPIs
 * computed as of its `now` and compared with its `expect` section. Exit code 1 on any failure.
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("sync scenario files through the CRM simulator, compute their KPIs and check their 'expect'")
    .argument('<files...>', 'scenario files (YAML)')
    .option('--provider <name>', 'hubspot, pipedrive or all', 'hubspot')
    .option('--json', 'print JSON')
    .action(async (files: string[], opts: { provider: string; json?: boolean }) => {
      if (!(PROVIDERS as readonly string[]).includes(opts.provider)) {
        process.stderr.write(`--provider must be one of ${PROVIDERS.join(', ')}\n`);
        process.exitCode = 1;
        return;
      }
      const provider = opts.provider as Provider | 'all';
      const results: VerifyResult[] = [];
      for (const file of files) results.push(await verifyScenario(file, { provider }));
      if (opts.json) printJson(results);
      else for (const r of results) printResult(r);
      if (results.some((r) => !r.ok)) process.exitCode = 1;
    });
}
