import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { freeBlock, isTaken } from '../lib/ports.mjs';

const listen = (port = 0) => new Promise((resolve) => {
  const server = createServer();
  server.listen(port, '127.0.0.1', () => resolve(server));
});

test('a listening port is taken; once closed it is free', async () => {
  const server = await listen();
  const { port } = server.address();
  assert.equal(await isTaken(port), true);
  await new Promise((r) => server.close(r));
  assert.equal(await isTaken(port), false);
});

test('a free block skips a block holding a taken port', async () => {
  const server = await listen();
  const { port } = server.address();
  try {
    const base = await freeBlock(port - 2, 6);
    assert.ok(base !== undefined && (base > port || base + 5 < port), `block ${base} overlaps ${port}`);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
