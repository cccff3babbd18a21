// The native file picker over the bridge: serve has none (the UI then browses the host), the desktop's
// answer passes through, and a second picker while one is open is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngineServices, type EngineAccess } from '../main/services/engine-services.js';

const access = (pickFile?: EngineAccess['pickFile']) => ({ pickFile }) as unknown as EngineAccess;
const ctx = { signal: new AbortController().signal } as never;

test('serve mode: no native picker, so the UI browses the host instead', async () => {
  const s = createEngineServices(access());
  assert.deepEqual(await s.app.pickFile({ purpose: 'compose-file' }, ctx), { native: false });
});

test('desktop: the chosen path (or none when cancelled) comes back; the purpose, not the renderer, picks the dialog', async () => {
  const asked: string[] = [];
  const s = createEngineServices(access(async (purpose) => (asked.push(purpose), purpose === 'compose-file' ? '/home/me/app/compose.yaml' : undefined)));
  assert.deepEqual(await s.app.pickFile({ purpose: 'compose-file' }, ctx), { native: true, path: '/home/me/app/compose.yaml' });
  assert.deepEqual(await s.app.pickFile({ purpose: 'env-file' }, ctx), { native: true, path: undefined });
  assert.deepEqual(asked, ['compose-file', 'env-file']);
});

test('one picker at a time: a second while one is open is refused in plain words, and the first still answers', async () => {
  let answer: (p: string) => void = () => undefined;
  const s = createEngineServices(access(() => new Promise<string>((r) => (answer = r))));
  const first = s.app.pickFile({ purpose: 'compose-file' }, ctx);
  await assert.rejects(s.app.pickFile({ purpose: 'compose-file' }, ctx), /already open/);
  answer('/x/compose.yml');
  assert.deepEqual(await first, { native: true, path: '/x/compose.yml' });
  // Closed again: the next one opens.
  const again = s.app.pickFile({ purpose: 'env-file' }, ctx);
  answer('/x/.env');
  assert.deepEqual(await again, { native: true, path: '/x/.env' });
});
