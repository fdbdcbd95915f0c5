// Prints the run's totals as one plain closing line ("N passed, N failed, N skipped"),
// so a CI reader that does not know Jest's format still reads the outcome.
class SummaryReporter {
  onRunComplete(_contexts, r) {
    process.stdout.write(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
