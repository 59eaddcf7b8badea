// Where the reports table is, for the helper scripts: a local run of run-local.sh, a connection string,
// or a deployed account signed in with Entra ID (shared-key access is off on deployed accounts).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultStateDir = join(repoRoot, '.lookout');
export const defaultTable = 'reports';

/**
 * Picks the storage source from explicit options first, then the environment, then the default local
 * run. Returns { kind: 'connection-string', connectionString, origin } or { kind: 'entra', endpoint, origin }.
 * Throws a UsageError when options conflict or the local run has left no storage.json.
 */
export function resolveStorage(options, env = process.env) {
  const explicit = ['connection-string', 'account', 'table-endpoint', 'state-dir'].filter((k) => options[k] !== undefined);
  if (explicit.length > 1) throw new UsageError(`give only one of ${explicit.map((k) => '--' + k).join(', ')}`);

  if (options['connection-string'] !== undefined)
    return { kind: 'connection-string', connectionString: options['connection-string'], origin: '--connection-string' };
  if (options.account !== undefined) {
    if (!/^[a-z0-9]{3,24}$/.test(options.account))
      throw new UsageError(`--account: '${options.account}' is not a storage account name (3-24 lowercase letters and digits)`);
    return { kind: 'entra', endpoint: `https://${options.account}.table.core.windows.net`, origin: '--account' };
  }
  if (options['table-endpoint'] !== undefined) {
    let url;
    try { url = new URL(options['table-endpoint']); } catch { throw new UsageError(`--table-endpoint: '${options['table-endpoint']}' is not a URL`); }
    return { kind: 'entra', endpoint: url.href.replace(/\/$/, ''), origin: '--table-endpoint' };
  }
  if (options['state-dir'] !== undefined) return fromStateDir(resolve(options['state-dir']), true);

  // The app's own settings, as the Functions host reads them.
  const setting = env.AzureWebJobsStorage;
  if (setting && setting !== 'UseDevelopmentStorage=true')
    return { kind: 'connection-string', connectionString: setting, origin: 'AzureWebJobsStorage' };
  if (env.AzureWebJobsStorage__tableServiceUri)
    return { kind: 'entra', endpoint: env.AzureWebJobsStorage__tableServiceUri.replace(/\/$/, ''), origin: 'AzureWebJobsStorage__tableServiceUri' };
  if (env.AzureWebJobsStorage__accountName)
    return { kind: 'entra', endpoint: `https://${env.AzureWebJobsStorage__accountName}.table.core.windows.net`, origin: 'AzureWebJobsStorage__accountName' };

  return fromStateDir(defaultStateDir, false);
}

function fromStateDir(dir, required) {
  let saved;
  try {
    saved = JSON.parse(readFileSync(join(dir, 'storage.json'), 'utf8'));
  } catch (e) {
    if (e.code !== 'ENOENT') throw new UsageError(`${join(dir, 'storage.json')} is unreadable: ${e.message}`);
    if (required) throw new UsageError(`${dir} has no storage.json: is it a state folder of ./run-local.sh?`);
    // Nothing local yet: the emulator's default ports.
    return { kind: 'connection-string', connectionString: 'UseDevelopmentStorage=true', origin: 'the emulator defaults' };
  }
  return { kind: 'connection-string', connectionString: saved.connectionString, table: saved.table, origin: join(dir, 'storage.json') };
}

/** The table service URL a source points at, for messages. */
export function describeEndpoint(source) {
  if (source.kind === 'entra') return source.endpoint;
  const cs = source.connectionString;
  if (cs === 'UseDevelopmentStorage=true') return 'http://127.0.0.1:10002/devstoreaccount1';
  const parts = Object.fromEntries(cs.split(';').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i).toLowerCase(), p.slice(i + 1)];
  }));
  if (parts.tableendpoint) return parts.tableendpoint;
  if (parts.accountname) return `${parts.defaultendpointsprotocol ?? 'https'}://${parts.accountname}.table.${parts.endpointsuffix ?? 'core.windows.net'}`;
  return '(from the connection string)';
}

/** A TableClient for the source; Entra ID sign-in goes through DefaultAzureCredential. */
export async function createTableClient(source, table) {
  const { TableClient } = await import('@azure/data-tables');
  if (source.kind === 'connection-string')
    return TableClient.fromConnectionString(source.connectionString, table, { allowInsecureConnection: true });
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new TableClient(source.endpoint, table, new DefaultAzureCredential(),
    { allowInsecureConnection: source.endpoint.startsWith('http://') });
}

export class UsageError extends Error {}
