import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError, describeEndpoint, resolveStorage } from '../lib/storage.mjs';

test('--account signs in with Entra ID at the account table endpoint', () => {
  const s = resolveStorage({ account: 'lookoutprod' }, {});
  assert.deepEqual([s.kind, s.endpoint], ['entra', 'https://lookoutprod.table.core.windows.net']);
  assert.throws(() => resolveStorage({ account: 'Not_An_Account' }, {}), UsageError);
});

test('--table-endpoint signs in with Entra ID at that URL', () => {
  const s = resolveStorage({ 'table-endpoint': 'https://acct.table.core.usgovcloudapi.net/' }, {});
  assert.deepEqual([s.kind, s.endpoint], ['entra', 'https://acct.table.core.usgovcloudapi.net']);
});

test('only one source may be given', () => {
  assert.throws(() => resolveStorage({ account: 'abc', 'connection-string': 'x' }, {}), /only one of --connection-string, --account/);
});

test("the app's identity settings are used as the Functions host reads them", () => {
  assert.equal(resolveStorage({}, { AzureWebJobsStorage__accountName: 'acct1' }).endpoint, 'https://acct1.table.core.windows.net');
  assert.equal(resolveStorage({}, { AzureWebJobsStorage: 'AccountName=a;AccountKey=b' }).connectionString, 'AccountName=a;AccountKey=b');
});

test('a state dir gives the local run its storage and table', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lookout-state-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'storage.json'), JSON.stringify({ connectionString: 'TableEndpoint=http://127.0.0.1:18076/devstoreaccount1;', table: 't1' }));
  const s = resolveStorage({ 'state-dir': dir }, { AzureWebJobsStorage: 'ignored' });
  assert.equal(s.table, 't1');
  assert.equal(describeEndpoint(s), 'http://127.0.0.1:18076/devstoreaccount1');
  assert.throws(() => resolveStorage({ 'state-dir': join(dir, 'missing') }, {}), /no storage\.json/);
});

test('endpoints are described for messages', () => {
  assert.equal(describeEndpoint({ kind: 'connection-string', connectionString: 'UseDevelopmentStorage=true' }), 'http://127.0.0.1:10002/devstoreaccount1');
  assert.equal(describeEndpoint({ kind: 'connection-string', connectionString: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=k;EndpointSuffix=core.windows.net' }),
    'https://acct.table.core.windows.net');
});
