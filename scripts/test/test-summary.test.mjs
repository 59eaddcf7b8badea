import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closingLine, readTrx, summarize } from '../test-summary.mjs';

const trx = (counters, results = '') => `<?xml version="1.0"?><TestRun><Results>${results}</Results>
  <ResultSummary outcome="Failed"><Counters total="9" executed="8" passed="${counters.passed}" failed="${counters.failed}" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="${counters.skipped}" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" /></ResultSummary></TestRun>`;

test('counts come from the Counters element; skipped are the not-executed tests', () => {
  const r = readTrx(trx({ passed: 7, failed: 1, skipped: 1 },
    '<UnitTestResult testId="1" testName="A.B(x: &quot;y&quot;)" outcome="Failed" /><UnitTestResult testName="A.C" outcome="Passed" />'));
  assert.deepEqual(r, { passed: 7, failed: 1, skipped: 1, failedNames: ['A.B(x: "y")'], skipReasons: {} });
});

test('skipped results are counted and their reasons grouped, one line per reason', () => {
  const skipped = (name, reason) => `<UnitTestResult testName="${name}" outcome="NotExecuted"><Output><ErrorInfo><Message>${reason}</Message></ErrorInfo></Output></UnitTestResult>`;
  const r = readTrx(trx({ passed: 1, failed: 0, skipped: 0 },
    skipped('H.A', 'no host &amp; no func') + skipped('H.B', 'no host &amp; no func') + skipped('C.D', 'other') + '<UnitTestResult testName="E.F" outcome="Passed" />'));
  assert.equal(r.skipped, 3);
  assert.deepEqual(r.skipReasons, { 'no host & no func': 2, other: 1 });
  assert.deepEqual(summarize([r, r]).skipReasons, { 'no host & no func': 4, other: 2 });
});

test('several assemblies add up, and the closing line is the plain CI form', () => {
  const total = summarize([readTrx(trx({ passed: 7, failed: 1, skipped: 0 })), readTrx(trx({ passed: 3, failed: 0, skipped: 2 }))]);
  assert.equal(closingLine(total), 'Tests: 10 passed, 1 failed, 2 skipped');
  assert.equal(closingLine({ passed: 5, failed: 0, skipped: 0 }), 'Tests: 5 passed, 0 failed');
  assert.match(closingLine(total), /^\w+: \d+ passed, \d+ failed(, \d+ skipped)?$/);
});

test('a file without counters is an error, not zero tests', () => {
  assert.throws(() => readTrx('<TestRun/>'), /Counters/);
});
