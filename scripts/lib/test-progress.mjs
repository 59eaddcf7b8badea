#!/usr/bin/env node
// Reads `dotnet test --logger "console;verbosity=normal"` output on stdin and prints progress instead of silence:
// a line when a test class starts reporting (elapsed time, tests done, failures so far) and a line for every failure
// as it happens. Build errors and dotnet's own summary lines pass through. The failures' details come at the end
// from the TRX files (test-summary.mjs).
//   dotnet test … | node scripts/lib/test-progress.mjs
import { createInterface } from 'node:readline';

const started = Date.now();
const seen = new Set();
let passed = 0, failed = 0, skipped = 0;

const elapsed = () => {
  const s = Math.round((Date.now() - started) / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
};

/** The test class of a fully qualified test name: `Ns.Class.Method(args)` → `Ns.Class`. */
export function classOf(name) {
  const bare = name.replace(/\(.*$/s, '');
  return bare.slice(0, Math.max(0, bare.lastIndexOf('.'))) || bare;
}

/** Outcome and test name of a console-logger result line, or null. */
export function resultOf(line) {
  const m = /^\s+(Passed|Failed|Skipped)\s+(\S.*?)(?:\s+\[[^\]]*\])?\s*$/.exec(line);
  return m ? { outcome: m[1], name: m[2] } : null;
}

const passThrough = (line) =>
  /\berror\b|Build FAILED|warning MSB|^Test run for|^A total of|The active test run was aborted|Test Run Aborted/i.test(line);

if (import.meta.url === `file://${process.argv[1]}`) {
  const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on('line', (line) => {
    const result = resultOf(line);
    if (!result) {
      if (passThrough(line) && !/^\s+(Error Message|Stack Trace):/.test(line)) console.log(line);
      return;
    }
    if (result.outcome === 'Passed') passed++;
    else if (result.outcome === 'Skipped') skipped++;
    else failed++;
    const cls = classOf(result.name);
    if (result.outcome === 'Failed') console.log(`[${elapsed()}] FAILED ${result.name}`);
    if (!seen.has(cls)) {
      seen.add(cls);
      console.log(`[${elapsed()}] ${passed + failed + skipped} done (${failed} failed) · ${cls}`);
    }
  });
  input.on('close', () => console.log(`[${elapsed()}] ${passed + failed + skipped} tests done in ${seen.size} classes`));
}
