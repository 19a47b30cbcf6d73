/**
 * The CAC spend table: a `month,sales,marketing` CSV or inline rows, summed into one `SpendRow.amount` per month
 * (CAC divides sales + marketing spend, so the engine needs only the total). The CSV is tiny and has no quoting
 * beyond optional double quotes around a cell, so a 40-line parser beats a dependency.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { SpendRow } from '../../metrics/types';
import type { SpendSetting } from './schema';

const COLUMNS = ['month', 'sales', 'marketing'] as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Plain decimals only: `1,000` or `1e3` in a spend file is more likely a mistake than intended. */
const AMOUNT = /^\d+(\.\d+)?$/;

/** Reads a file as UTF-8 text; injected so tests need no disk and callers can sandbox paths. */
export type ReadText = (path: string) => string;

export const readTextFile: ReadText = (path) => readFileSync(path, 'utf8');

/** `{ rows }` or `{ problems }`, each problem naming the file and line. */
export type SpendParse = { rows: SpendRow[] } | { problems: string[] };

function cells(line: string): string[] {
  return line.split(',').map((cell) =>
    cell
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
}

/**
 * Parses spend CSV text. The header names the columns (any order, case-insensitive); blank lines and lines
 * starting with `#` are skipped; a month given twice is an error (which row would win is a guess).
 */
export function parseSpendCsv(text: string, fileName: string): SpendParse {
  const problems: string[] = [];
  const rows: SpendRow[] = [];
  const seen = new Map<string, number>();
  let header: string[] | null = null;
  for (const [index, line] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const where = `${fileName} line ${index + 1}`;
    const values = cells(line);
    if (header === null) {
      header = values.map((v) => v.toLowerCase());
      const missing = COLUMNS.filter((c) => !header?.includes(c));
      // Without the columns no row can be read: one problem says it all.
      if (missing.length > 0)
        return { problems: [`${where}: the header must be month,sales,marketing (missing ${missing.join(', ')})`] };
      continue;
    }
    if (values.length !== header.length) {
      problems.push(`${where}: expected ${header.length} cells (month,sales,marketing), found ${values.length}`);
      continue;
    }
    const columns = header;
    const at = (column: (typeof COLUMNS)[number]): string => values[columns.indexOf(column)] ?? '';
    const month = at('month');
    const bad: string[] = [];
    if (!MONTH.test(month)) bad.push(`month "${month}" must be a month such as 2026-01`);
    for (const column of ['sales', 'marketing'] as const) {
      if (!AMOUNT.test(at(column))) bad.push(`${column} "${at(column)}" must be an amount ≥ 0 such as 1500.50`);
    }
    const first = seen.get(month);
    if (bad.length === 0 && first !== undefined)
      bad.push(`month ${month} is also on line ${first} (one row per month)`);
    if (bad.length > 0) {
      problems.push(...bad.map((b) => `${where}: ${b}`));
      continue;
    }
    seen.set(month, index + 1);
    rows.push({ month, amount: Number(at('sales')) + Number(at('marketing')) });
  }
  if (header === null)
    return { problems: [`${fileName}: empty file (expected a month,sales,marketing header and rows)`] };
  return problems.length > 0 ? { problems } : { rows: byMonth(rows) };
}

function byMonth(rows: SpendRow[]): SpendRow[] {
  return rows.sort((a, b) => a.month.localeCompare(b.month));
}

/** Inline rows to SpendRows (the schema has already rejected a month given twice). */
export function spendFromRows(settings: readonly SpendSetting[]): SpendRow[] {
  return byMonth(settings.map((row) => ({ month: row.month, amount: row.sales + row.marketing })));
}

/** Reads and parses the spend file, relative to `baseDir` (the config file's folder) unless absolute. */
export function loadSpendFile(file: string, baseDir: string, read: ReadText = readTextFile): SpendParse {
  const path = isAbsolute(file) ? file : join(baseDir, file);
  let text: string;
  try {
    text = read(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { problems: [`cannot read ${path} (${code}); the path is relative to the config file's folder`] };
  }
  return parseSpendCsv(text, path);
}
