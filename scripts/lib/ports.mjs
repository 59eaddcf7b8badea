// Which loopback ports are taken, checked before run-local.sh starts anything.
//   node scripts/lib/ports.mjs <port>...          prints each taken port on its own line; exit 1 if any is taken
//   node scripts/lib/ports.mjs --block <from> <n>  prints the first P >= from (in steps of 10) with P..P+n-1 free
// A port is taken when 127.0.0.1:<port> cannot be bound (Linux refuses it next to a wildcard listener)
// or already accepts connections (macOS lets a specific bind sit beside a wildcard one, and then the
// other program would still answer some clients).
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';

export function canBind(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export function accepts(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (result) => { socket.destroy(); resolve(result); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function isTaken(port) {
  return !(await canBind(port)) || (await accepts(port));
}

export async function freeBlock(from, count) {
  for (let base = from; base + count - 1 <= 65535; base += 10) {
    let free = true;
    for (let p = base; p < base + count && free; p++) free = !(await isTaken(p));
    if (free) return base;
  }
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--block') {
    const base = await freeBlock(Number(process.argv[3]), Number(process.argv[4]));
    if (base === undefined) process.exit(1);
    console.log(base);
    process.exit(0);
  }
  const ports = process.argv.slice(2).map(Number);
  if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    console.error('usage: node scripts/lib/ports.mjs <port>...');
    process.exit(2);
  }
  const taken = [];
  for (const port of ports) if (await isTaken(port)) taken.push(port);
  for (const port of taken) console.log(port);
  process.exit(taken.length ? 1 : 0);
}
