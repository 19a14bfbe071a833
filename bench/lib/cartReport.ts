import { otherLoadWarning } from './cpuReport.js';
import type { FanoutFigures, FanoutTiming } from './fanoutLoad.js';
import { formatCount, formatMillis, formatPercent, formatTable } from './report.js';

/** The rates one server was measured at, in order, and the diners it dropped meanwhile. */
export interface Ladder {
  figures: FanoutFigures[];
  dropped: number;
}

export interface CartTargets {
  tables: number;
  /** The real server's p99 at the first rate, at most. */
  p99Ms: number;
  /** The real server's deliveries/s over the ceiling's, at least, where the ceiling's p99 reaches `p99Ms`. */
  shareOfCeiling: number;
}

function row(label: string, figures: FanoutFigures): string[] {
  return [
    label,
    String(figures.rate),
    formatCount(figures.opsPerSec),
    formatCount(figures.deliveriesPerSec),
    formatMillis(figures.p50),
    formatMillis(figures.p95),
    formatMillis(figures.p99),
    ...figures.cpu.servers.map(formatPercent),
    formatPercent(figures.cpu.redis),
    formatPercent(figures.cpu.postgres),
    formatPercent(figures.cpu.generator),
    formatPercent(figures.cpu.machine),
    formatMillis(figures.generatorDelayP99),
    `${figures.refused}/${figures.unanswered}/${figures.lost}`,
  ];
}

/** Both servers' figures, rate by rate. */
export function printLadders(ceiling: Ladder, tableside: Ladder, timing: FanoutTiming): void {
  const rows = ceiling.figures.flatMap((atCeiling) => {
    const real = tableside.figures.find((figures) => figures.rate === atCeiling.rate);
    return [row('ceiling', atCeiling), ...(real ? [row('tableside', real)] : [])];
  });
  const header = ['', 'ops/table/s', 'ops/s', 'deliveries/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU A', 'CPU B'];
  const more = ['Redis', 'Postgres', 'generator', 'machine', 'gen. lag ms', 'refused/no ack/lost'];
  console.log(formatTable([...header, ...more], rows));
  console.log(
    'CPU in shares of one core over the measured window: A, B the two instances, machine all its cores busy ' +
      "(sampled by the kernel's tick, so rough);\ngen. lag: p99 of how late the load generator's event loop ran; " +
      `lost: states some diner had not received ${timing.drainTimeoutSeconds} s after the last op.`,
  );
  const warning = otherLoadWarning([...ceiling.figures, ...tableside.figures].map((figures) => figures.cpu));
  if (warning) console.log(warning);
}

interface Share {
  ratio: number;
  /** The real server fell behind below the compared rate: its best figure stands in, an upper bound. */
  upperBound: boolean;
  /** Which rates were compared, and why. */
  note: string;
}

/**
 * The real server's deliveries/s as a share of the ceiling's, at the rate
 * where the ceiling's p99 reached the target (its highest rate if it never did).
 */
function shareOfCeiling(ceiling: Ladder, tableside: Ladder, targets: CartTargets): Share {
  const reached = ceiling.figures.find((figures) => figures.p99 >= targets.p99Ms);
  const knee = reached ?? ceiling.figures.at(-1);
  if (!knee) return { ratio: NaN, upperBound: false, note: 'the ceiling measured nothing' };
  const why = reached
    ? `the ceiling's p99 reached ${targets.p99Ms} ms there`
    : `the ceiling's p99 never reached ${targets.p99Ms} ms: its highest rate`;
  const note = `at ${knee.rate} ops/table/s (${why})`;
  const same = tableside.figures.find((figures) => figures.rate === knee.rate);
  if (same) return { ratio: same.deliveriesPerSec / knee.deliveriesPerSec, upperBound: false, note };
  const best = Math.max(...tableside.figures.map((figures) => figures.deliveriesPerSec));
  return {
    ratio: best / knee.deliveriesPerSec,
    upperBound: true,
    note: `${note}; tableside stopped at ${tableside.figures.at(-1)?.rate} ops/table/s, so its best figure, ${formatCount(best)}/s`,
  };
}

/** The two targets, PASS or FAIL. */
export function printVerdicts(ceiling: Ladder, tableside: Ladder, targets: CartTargets): void {
  const base = tableside.figures[0];
  const share = shareOfCeiling(ceiling, tableside, targets);
  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  console.log(
    formatTable(
      ['', 'measured', 'target', ''],
      [
        [
          `tableside p99 at ${base?.rate ?? '-'} ops/table/s, ${targets.tables} tables`,
          `${formatMillis(base?.p99 ?? NaN)} ms`,
          `<= ${targets.p99Ms} ms`,
          pass(base !== undefined && base.p99 <= targets.p99Ms),
        ],
        [
          'tableside deliveries/s / ceiling',
          Number.isFinite(share.ratio)
            ? `${share.upperBound ? '<= ' : ''}${formatPercent(share.ratio)}`
            : 'not measured',
          `>= ${formatPercent(targets.shareOfCeiling)}`,
          pass(share.ratio >= targets.shareOfCeiling),
        ],
      ],
    ),
  );
  console.log(`deliveries/s compared ${share.note}`);
}

/** Prints what went wrong for one server and returns how many things did. */
export function countProblems(label: string, ladder: Ladder): number {
  const total = (pick: (figures: FanoutFigures) => number) =>
    ladder.figures.reduce((sum, figures) => sum + pick(figures), 0);
  const refused = total((figures) => figures.refused);
  const overtaken = total((figures) => figures.overtaken);
  const unanswered = total((figures) => figures.unanswered);
  const lost = total((figures) => figures.lost);
  console.log(
    `${label}: ${refused} ops refused, ${unanswered} unanswered, ${lost} states lost, ${ladder.dropped} diners dropped` +
      (overtaken > 0 ? `; ${overtaken} quantity changes overtaken by their table's clear (refused as designed)` : ''),
  );
  for (const figures of ladder.figures.filter((each) => each.firstRefusal)) {
    console.log(`  first refusal at ${figures.rate} ops/table/s: ${figures.firstRefusal}`);
  }
  return refused + unanswered + lost + ladder.dropped;
}
