// The benchmark harness's types. A suite (bench/suites/*.ts) exports `suite`; each benchmark
// reports figures through the context, one printed line per figure: `name value unit`.

export interface BenchContext {
  /** Print one figure. Names are dotted, lower case: `kernel.null_syscall`. */
  report(name: string, value: number, unit: string): void;
  /**
   * A native anchor measured earlier in the same run (bench/native/*.c), in its own unit, or
   * undefined when no C compiler was found.
   */
  native(name: string): number | undefined;
  /** Report `name` = value / native(anchor) in unit `x`, when the anchor exists. */
  ratio(name: string, value: number, anchor: string): void;
}

export interface Benchmark {
  name: string;
  run(ctx: BenchContext): void | Promise<void>;
}

export interface BenchSuite {
  name: string;
  benchmarks: Benchmark[];
}

/** Runs `body` repeatedly for at least `minMs` of wall time; returns iterations per second. */
export function rate(body: (n: number) => void, minMs = 300, batch = 1000): number {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    body(batch);
    n += batch;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsed < minMs);
  return (n * 1000) / elapsed;
}
