// Writes the run's totals to a file so `.ci/run` can print one plain line
// ("N passed, N failed") without parsing jest's own summary.
const fs = require('node:fs');

class TotalsReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.KRAKEN_RX_TOTALS_FILE;
    if (!file) return;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    fs.writeFileSync(file, JSON.stringify({ passed: results.numPassedTests, failed }));
  }
}
module.exports = TotalsReporter;
