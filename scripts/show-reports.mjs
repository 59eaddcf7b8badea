#!/usr/bin/env node
// Prints the rows of Lookout's reports table received in a time window, newest first.
// `node scripts/show-reports.mjs --help` for the options.
import { parseArgs } from 'node:util';
import { Newest, buildFilter, daysOf, formatRow, parseWhen, rowToJson, similarTypes, summary } from './lib/report-query.mjs';
import { UsageError, createTableClient, defaultTable, describeEndpoint, resolveStorage } from './lib/storage.mjs';

const help = `Usage: node scripts/show-reports.mjs [options]

Prints the rows of Lookout's reports table received in a time window, newest first.

Which rows:
  --since <when>             received at or after <when> (default 24h): a duration back from now
                             (30m, 24h, 7d, 2w) or a UTC date or time (2026-11-22, 2026-11-22T08:00)
  --until <when>             received before <when> (same forms; default now)
  --type <type>              one report type (csp-violation, network-error, deprecation, ...): reads only
                             that type's day partitions; without it the whole table is scanned
  --site <tag>               rows sent to the report URL with ?site=<tag>
  --limit <n>                at most n rows, the newest (default 20; 0 for all)

Output:
  --json                     the rows as one JSON array, every property included (Body and Raw too)
  --full                     also print Body and Raw in the text output

Where (default: the local run of ./run-local.sh, from .lookout/storage.json):
  --state-dir <dir>          the local run that used ./run-local.sh --state-dir <dir>
  --connection-string <cs>   a storage connection string (or set AzureWebJobsStorage)
  --account <name>           a deployed storage account, signed in with Entra ID
  --table-endpoint <url>     a table service URL, signed in with Entra ID
  --table <name>             the table (default: the local run's, else $Lookout__TableName, else reports)

Entra ID uses DefaultAzureCredential: sign in with 'az login' (or 'azd auth login', environment
variables, a managed identity). Reading needs the 'Storage Table Data Reader' role on the account.

  -h, --help                 this text`;

const options = {
  since: { type: 'string' },
  until: { type: 'string' },
  type: { type: 'string' },
  site: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  full: { type: 'boolean' },
  'state-dir': { type: 'string' },
  'connection-string': { type: 'string' },
  account: { type: 'string' },
  'table-endpoint': { type: 'string' },
  table: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

async function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError(e.message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  if (values.help) {
    console.log(help);
    return 0;
  }

  const now = new Date();
  const since = parseWhen(values.since ?? '24h', now, '--since');
  const until = values.until === undefined ? now : parseWhen(values.until, now, '--until');
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit: '${values.limit}' is not a whole number >= 0`);
  const filter = buildFilter({ since, until, type: values.type, site: values.site });

  const source = resolveStorage(values);
  const tableName = values.table ?? source.table ?? process.env.Lookout__TableName ?? defaultTable;
  const table = await createTableClient(source, tableName);

  const newest = new Newest(limit);
  try {
    for await (const row of table.listEntities({ queryOptions: { filter } })) newest.add(row);
  } catch (e) {
    throw explain(e, source, tableName);
  }
  const rows = newest.result();

  if (values.json) {
    console.log(JSON.stringify(rows.map(rowToJson), null, 2));
    return 0;
  }
  for (const row of rows) console.log(formatRow(row, { full: values.full }).join('\n'));
  // Which storage was read: the default is a local run's, easy to mistake for another clone's.
  console.log(`Table ${tableName} at ${describeEndpoint(source)} (${source.origin}).`);
  console.log(summary({ count: newest.count, shown: rows.length, since, until, type: values.type, site: values.site }));
  if (newest.count === 0 && values.type) {
    const suggestions = similarTypes(values.type, await typesInDigest(source, since, until));
    if (suggestions.length) console.log(`No type '${values.type}' in that window; did you mean ${suggestions.map((t) => `--type ${t}`).join(' or ')}?`);
  }
  return 0;
}

// The report types counted in the digest (table `issues`, one partition per UTC day) in the window.
async function typesInDigest(source, since, until) {
  const types = [];
  try {
    const digest = await createTableClient(source, process.env.Lookout__IssuesTableName ?? 'issues');
    for (const day of daysOf(since, until))
      for await (const e of digest.listEntities({ queryOptions: { filter: `PartitionKey eq '${day}'`, select: ['Type'] } }))
        if (e.Type) types.push(e.Type);
  } catch {
    // No digest (an older deployment) or no access to it: no suggestion.
  }
  return types;
}

// Turns the SDK's errors into what to do about them.
function explain(e, source, tableName) {
  const where = describeEndpoint(source);
  const origin = `(storage from ${source.origin})`;
  if (e.name === 'CredentialUnavailableError' || e.name === 'AuthenticationError' || e.name === 'AggregateAuthenticationError')
    return new Failure(`Entra ID sign-in (DefaultAzureCredential) failed for ${where}:\n${credentialReasons(e.message)}\n` +
      `Sign in with 'az login' (or 'azd auth login'), then try again.`);
  if (e.statusCode === 404)
    return new Failure(`table '${tableName}' does not exist at ${where} ${origin}. Has Lookout started there yet?`);
  if (e.statusCode === 401 || e.statusCode === 403)
    return new Failure(`access denied to table '${tableName}' at ${where} (HTTP ${e.statusCode}, ${e.code ?? 'no code'}). ` +
      `Reading needs the 'Storage Table Data Reader' role on the account.`);
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(e.code))
    return new Failure(`cannot reach the table service at ${where} ${origin}: ${e.code}. ` +
      (source.kind === 'connection-string' && where.startsWith('http://127.0.0.1') ? 'Is ./run-local.sh running?' : ''));
  return e;
}

// DefaultAzureCredential's message has one line per credential it tried; keep each one's first sentence.
const credentialReasons = (message) => String(message).split('\n')
  .map((l) => l.replace(/^\w*Error: /, '').trim())
  .filter((l) => l && !/^ChainedTokenCredential authentication failed/.test(l))
  .map((l) => '  - ' + (/^(.*?\.)(\s|$)/.exec(l)?.[1] ?? l))
  .join('\n');

class Failure extends Error {}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    console.error(`error: ${e.message}\nSee: node scripts/show-reports.mjs --help`);
    process.exitCode = 2;
  } else if (e instanceof Failure) {
    console.error(`error: ${e.message}`);
    process.exitCode = 1;
  } else {
    throw e;
  }
}
