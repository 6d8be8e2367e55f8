// Mocha's spec reporter, followed by one plain closing line, `N passed, N failed, N skipped`,
// that CI and humans can read without knowing mocha's own summary format.
import * as Mocha from 'mocha';

const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    runner.on(EVENT_TEST_PASS, () => void passed++);
    runner.on(EVENT_TEST_FAIL, () => void failed++);
    runner.on(EVENT_TEST_PENDING, () => void skipped++);
    // The spec reporter prints its epilogue on the same event; this listener runs after it.
    runner.once(EVENT_RUN_END, () => {
      process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    });
  }
}

export = SummaryReporter;
