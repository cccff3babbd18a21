import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DownloadTickets } from '../main/download-tickets.js';

test('a ticket works once, for what it was issued for', () => {
  const t = new DownloadTickets<{ id: string }>();
  const a = t.issue({ id: 'a' });
  const b = t.issue({ id: 'b' });
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9_-]{32}$/);
  assert.deepEqual(t.redeem(b), { id: 'b' });
  assert.equal(t.redeem(b), undefined, 'second use');
  assert.deepEqual(t.redeem(a), { id: 'a' });
  assert.equal(t.redeem('made-up'), undefined);
  assert.equal(t.redeem(''), undefined);
});

test('an expired ticket is refused', async () => {
  const t = new DownloadTickets<string>(20);
  const a = t.issue('x');
  await new Promise((r) => setTimeout(r, 40));
  assert.equal(t.redeem(a), undefined);
});

test('outstanding tickets are bounded: the oldest go first', () => {
  const t = new DownloadTickets<number>(60_000, 3);
  const issued = [1, 2, 3, 4, 5].map((n) => t.issue(n));
  assert.equal(t.redeem(issued[0]!), undefined);
  assert.equal(t.redeem(issued[1]!), undefined);
  assert.deepEqual(
    issued.slice(2).map((k) => t.redeem(k)),
    [3, 4, 5],
  );
});
