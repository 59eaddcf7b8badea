import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Newest, buildFilter, formatRow, parseWhen, rowToJson, summary } from '../lib/report-query.mjs';
import { UsageError } from '../lib/storage.mjs';

const now = new Date('2026-11-22T00:05:00Z');

test('durations count back from now', () => {
  assert.equal(parseWhen('30m', now).toISOString(), '2026-11-21T23:35:00.000Z');
  assert.equal(parseWhen('24h', now).toISOString(), '2026-11-21T00:05:00.000Z');
  assert.equal(parseWhen('7d', now).toISOString(), '2026-11-15T00:05:00.000Z');
  assert.equal(parseWhen('2w', now).toISOString(), '2026-11-08T00:05:00.000Z');
});

test('dates and times without a zone are UTC; zones are honoured', () => {
  assert.equal(parseWhen('2026-11-20', now).toISOString(), '2026-11-20T00:00:00.000Z');
  assert.equal(parseWhen('2026-11-20T08:30', now).toISOString(), '2026-11-20T08:30:00.000Z');
  assert.equal(parseWhen('2026-11-20T08:30:00+01:00', now).toISOString(), '2026-11-20T07:30:00.000Z');
});

test('anything else is a usage error naming the option', () => {
  for (const bad of ['yesterday', '24', 'h', '--help', '2026-13-45', '2026-11-20T25:00'])
    assert.throws(() => parseWhen(bad, now, '--until'), (e) => e instanceof UsageError && e.message.startsWith('--until'), bad);
});

test('a window just after midnight reaches into yesterday (the old "today, UTC" default did not)', () => {
  const filter = buildFilter({ since: parseWhen('1h', now), until: now });
  assert.equal(filter, "ReceivedAt ge datetime'2026-11-21T23:05:00.000Z' and ReceivedAt lt datetime'2026-11-22T00:05:00.000Z'");
});

test('a type narrows the read to its day partitions of the window', () => {
  const filter = buildFilter({ since: parseWhen('1h', now), until: now, type: 'csp-violation', site: "o'k" === 'x' ? 'x' : 'demo-csp' });
  assert.match(filter, /^PartitionKey ge 'csp-violation_2026-11-21' and PartitionKey le 'csp-violation_2026-11-22' and /);
  assert.match(filter, / and Site eq 'demo-csp'$/);
});

test('type and site values are validated, so nothing can be injected into the filter', () => {
  assert.throws(() => buildFilter({ since: parseWhen('1h', now), until: now, type: "x' or true or 'a" }), UsageError);
  assert.throws(() => buildFilter({ since: parseWhen('1h', now), until: now, site: "a' or 'b" }), UsageError);
  assert.throws(() => buildFilter({ since: now, until: parseWhen('1h', now) }), /later than/);
});

test('Newest keeps the newest rows in order, and counts them all', () => {
  const newest = new Newest(3);
  for (let i = 0; i < 10; i++) newest.add({ rowKey: `r${i}`, ReceivedAt: new Date(Date.UTC(2026, 10, 22, 0, i)) });
  assert.deepEqual(newest.result().map((r) => r.rowKey), ['r9', 'r8', 'r7']);
  assert.equal(newest.count, 10);
  const all = new Newest(0);
  for (let i = 0; i < 5; i++) all.add({ rowKey: `r${i}`, ReceivedAt: new Date(Date.UTC(2026, 10, 22, 0, i)) });
  assert.equal(all.result().length, 5);
});

const row = {
  partitionKey: 'csp-violation_2026-11-22', rowKey: '0001_x_0000', etag: 'W/"1"', timestamp: '2026-11-22T00:00:01Z',
  Type: 'csp-violation', Url: 'https://site.example/', ReceivedAt: new Date('2026-11-22T00:00:00Z'),
  EffectiveDirective: 'img-src', ElapsedTime: 12n, Big: 9007199254740993n,
  Body: '{"a":', BodyPart2: '1}', Raw: '{}', 'Body@odata.type': 'Edm.String',
};

test('text output: one header line, then the key fields; Body and Raw only with --full', () => {
  const lines = formatRow(row);
  assert.equal(lines[0], '2026-11-22T00:00:00.000Z  csp-violation  https://site.example/');
  assert.ok(lines.includes('  EffectiveDirective: img-src'));
  assert.ok(!lines.some((l) => l.includes('Body') || l.includes('etag') || l.includes('odata')));
  assert.ok(formatRow(row, { full: true }).includes('  Body: {"a":1}'));
});

test('JSON output holds Int64 values and joins Body continuations', () => {
  const json = JSON.parse(JSON.stringify(rowToJson(row)));
  assert.equal(json.ElapsedTime, 12);
  assert.equal(json.Big, '9007199254740993');
  assert.equal(json.Body, '{"a":1}');
  assert.equal(json.BodyPart2, undefined);
  assert.equal(json.ReceivedAt, '2026-11-22T00:00:00.000Z');
});

test('the summary says how many matched and how many are shown', () => {
  const since = new Date('2026-11-21T00:00:00Z');
  assert.equal(summary({ count: 30, shown: 20, since, until: now, type: 'deprecation' }),
    '30 row(s) of type deprecation received 2026-11-21T00:00:00.000Z .. 2026-11-22T00:05:00.000Z (UTC); showing the newest 20.');
  assert.match(summary({ count: 0, shown: 0, since, until: now }), /^0 row\(s\) received .*\(UTC\)\.$/);
});

test('a typed type that found nothing is matched to the types present', async () => {
  const { similarTypes } = await import('../lib/report-query.mjs');
  assert.deepEqual(similarTypes('csp', ['network-error', 'csp-violation', 'csp-violation', 'csp-hash']), ['csp-hash', 'csp-violation']);
  assert.deepEqual(similarTypes('nel', ['network-error']), []);
  assert.deepEqual(similarTypes('csp-violation', ['csp-violation']), []);
});

test('the days of a window are UTC days, newest first', async () => {
  const { daysOf } = await import('../lib/report-query.mjs');
  assert.deepEqual(daysOf(new Date('2026-11-20T23:00:00Z'), new Date('2026-11-22T01:00:00Z')), ['2026-11-22', '2026-11-21', '2026-11-20']);
});
