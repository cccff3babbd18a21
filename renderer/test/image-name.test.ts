import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageRow } from '../../electron/contract/index.js';
import { imageName, namedTags } from '../src/views/images/image-name.js';

const image = (repoTags: string[]): ImageRow => ({ engine: 'podman', id: 'sha256:0123456789abcdef0123', repoTags, size: 1, created: 0, containers: 0 });

test("an image's names leave out the <none> placeholders and empty tags", () => {
  assert.deepEqual(namedTags(image(['<none>:<none>', 'localhost/app:1.0', '', 'docker.io/library/nginx:latest'])), ['localhost/app:1.0', 'docker.io/library/nginx:latest']);
});

test('an image is called by its first name, or by its short id when it has none', () => {
  assert.equal(imageName(image(['<none>:<none>', 'localhost/app:1.0'])), 'localhost/app:1.0');
  assert.equal(imageName(image(['<none>:<none>'])), '0123456789ab');
});
