import type { HttpFigures } from './measureHttp.js';

/** An aligned plain-text table: the first column left-aligned, the others right-aligned. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      widths
        .map((width, column) =>
          column === 0 ? (row[column] ?? '').padEnd(width) : (row[column] ?? '').padStart(width),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Whole milliseconds as autocannon measures them (floored), so 0 means under one. */
export function formatMs(value: number): string {
  return value < 1 ? '<1' : String(value);
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** One line per measurement: requests/s and latency percentiles. */
export function printFigures(rows: { label: string; figures: HttpFigures }[]): void {
  const header = ['', 'requests/s', 'p50 ms', 'p99 ms'];
  console.log(
    formatTable(
      header,
      rows.map(({ label, figures }) => [
        label,
        formatCount(figures.requestsPerSec),
        formatMs(figures.p50),
        formatMs(figures.p99),
      ]),
    ),
  );
}

/** Milliseconds measured finely (the cart's latencies), one decimal; '-' for no value. */
export function formatMillis(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '-';
}
