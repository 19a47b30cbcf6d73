import Table from 'cli-table3';

/** A plain terminal table (no colour codes when stdout is not a terminal). */
export function table(head: string[], rows: (string | number | null)[][]): string {
  const t = new Table({ head, style: { head: process.stdout.isTTY ? ['cyan'] : [], border: [] } });
  for (const row of rows) t.push(row.map((cell) => (cell === null ? '' : String(cell))));
  return t.toString();
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `2026-03-31 18:00:00Z` from epoch ms. */
export function formatInstant(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}
