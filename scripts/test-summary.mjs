#!/usr/bin/env node
// Sums the TRX files `dotnet test --logger trx` wrote and prints the failed tests, one line per skip reason
// (e.g. "Skipped 78: FunctionsHost category skipped: no Functions host: …") and one closing line
//   Tests: N passed, N failed, N skipped
// (a plain line CI reads; dotnet's own per-assembly lines are not). Exit code: 1 when a test failed,
// when dotnet test failed (its exit code is the second argument), or when there are no results.
//   node scripts/test-summary.mjs <results-dir> [dotnet-test-exit-code]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const attribute = (tag, name) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? m[1] : undefined;
};
const unescapeXml = (text) => text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]);

/** Counts and failed test names from the text of one TRX file. */
export function readTrx(xml) {
  const counters = /<Counters\b[^>]*>/.exec(xml)?.[0];
  if (!counters) throw new Error('no <Counters> element');
  const n = (name) => Number(attribute(counters, name) ?? 0);
  const failedNames = [];
  const skipReasons = {};
  let notExecuted = 0;
  for (const [element, tag] of xml.matchAll(/(<UnitTestResult\b[^>]*>)(?:[\s\S]*?<\/UnitTestResult>)?/g)) {
    const outcome = attribute(tag, 'outcome');
    if (outcome === 'Failed' || outcome === 'Error' || outcome === 'Timeout' || outcome === 'Aborted')
      failedNames.push(unescapeXml(attribute(tag, 'testName') ?? '?'));
    if (outcome === 'NotExecuted') {
      notExecuted++;
      // A test that skips itself says why (one reason per category, however many tests share it).
      const reason = unescapeXml(/<Message>([\s\S]*?)<\/Message>/.exec(element)?.[1] ?? 'no reason given').trim();
      skipReasons[reason] = (skipReasons[reason] ?? 0) + 1;
    }
  }
  return {
    passed: n('passed'),
    // Everything that ran and did not pass counts as failed; xunit's skipped tests are "notExecuted"
    // (the VSTest TRX leaves that counter at 0 for them, so the results themselves are counted too).
    failed: n('failed') + n('error') + n('timeout') + n('aborted'),
    skipped: Math.max(n('notExecuted'), notExecuted),
    failedNames,
    skipReasons,
  };
}

export function summarize(results) {
  const total = { passed: 0, failed: 0, skipped: 0, failedNames: [], skipReasons: {} };
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    total.failedNames.push(...r.failedNames);
    for (const [reason, count] of Object.entries(r.skipReasons ?? {}))
      total.skipReasons[reason] = (total.skipReasons[reason] ?? 0) + count;
  }
  return total;
}

export const closingLine = ({ passed, failed, skipped }) =>
  `Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, rcText = '0'] = process.argv.slice(2);
  const rc = Number(rcText);
  let files = [];
  try { files = readdirSync(dir).filter((f) => f.endsWith('.trx')); } catch { /* no directory: no results */ }
  if (files.length === 0) {
    console.log(`No test results: dotnet test exited with ${rc} before any test ran (see its output above).`);
    process.exit(rc || 1);
  }
  const total = summarize(files.map((f) => readTrx(readFileSync(join(dir, f), 'utf8'))));
  if (total.failedNames.length) {
    console.log('\nFailed tests:');
    for (const name of total.failedNames) console.log(`  ${name}`);
  }
  for (const [reason, count] of Object.entries(total.skipReasons))
    console.log(`Skipped ${count}: ${reason}`);
  console.log(`\nDetails: ${dir} (TRX), or ./test.sh -v for every test's line.`);
  console.log(closingLine(total));
  process.exit(total.failed > 0 ? 1 : rc);
}
