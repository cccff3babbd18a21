/**
 * Bad inputs through the UI's forms: each row is something a person might
 * type, the form it goes into, and the words the answer must contain, shown
 * where they acted (in the dialog). Nothing is lost: podman's lists of
 * containers, images, volumes, pods and networks are the same before and
 * after the whole table (the fixtures the test names are made before).
 * Add a row to extend it.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { e2eInfo } from '../support/info.js';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { cleanup, gotoView, openApp, uniqueName, type ViewName } from '../support/ui.js';

type Form = 'create' | 'pull' | 'volume' | 'network' | 'pod' | 'kube' | 'build';
interface Row {
  what: string;
  form: Form;
  /** Field label → value (textboxes by their label). */
  fields: Record<string, string>;
  /** The answer, in the dialog where the user acted. */
  expect: RegExp;
}

const FORMS: Record<Form, { view: ViewName; open: string; dialog: string; submit: string }> = {
  create: { view: 'Containers', open: 'Create container', dialog: 'Create container', submit: 'Create and start' },
  pull: { view: 'Images', open: 'Pull', dialog: 'Pull an image', submit: 'Pull' },
  build: { view: 'Images', open: 'Build', dialog: 'Build an image', submit: 'Build' },
  volume: { view: 'Volumes', open: 'Create volume', dialog: 'Create a volume', submit: 'Create' },
  network: { view: 'Networks', open: 'Create network', dialog: 'Create a network', submit: 'Create' },
  pod: { view: 'Pods', open: 'Create pod', dialog: 'Create a pod', submit: 'Create' },
  kube: { view: 'Pods', open: 'Play Kubernetes YAML', dialog: 'Play Kubernetes YAML', submit: 'Play' },
};

interface Snapshot {
  containers: string[];
  images: string[];
  volumes: string[];
  pods: string[];
  networks: string[];
}

async function snapshot(): Promise<Snapshot> {
  const lines = async (args: string[]) => (await podman(args)).split('\n').filter(Boolean).sort();
  return {
    containers: await lines(['ps', '-a', '--format', '{{.ID}} {{.Names}} {{.Status}}']).then((l) => l.map((x) => x.replace(/ (Up|Exited|Created).*$/, ' $1'))),
    images: await lines(['images', '-a', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}']),
    volumes: await lines(['volume', 'ls', '--format', '{{.Name}}']),
    pods: await lines(['pod', 'ps', '--format', '{{.ID}} {{.Name}}']),
    networks: await lines(['network', 'ls', '--format', '{{.ID}} {{.Name}}']),
  };
}

function freePortBlocker(): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '0.0.0.0', () => resolve(s));
  });
}

/** Every dialog shown now (form dialogs and the pull/build job dialog that follows a submit). */
function dialogs(page: Page): Locator {
  return page.locator('dialog[open]');
}

async function closeDialogs(page: Page): Promise<void> {
  for (let i = 0; i < 4 && (await dialogs(page).count()) > 0; i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
  }
  await expect(dialogs(page)).toHaveCount(0);
}

test('bad inputs through the UI: each gets a clear message where the user acted, and nothing is lost', async ({ page }) => {
  test.setTimeout(300_000);
  const tag = uniqueName('bad');
  const fixtures = { container: `${tag}-taken`, volume: `${tag}-vol`, network: `${tag}-net`, pod: `${tag}-pod`, image: `localhost/${tag}-inuse:1`, user: `${tag}-user`, stopper: `${tag}-stopper` };
  const dir = path.join(tmpdir(), tag);
  const noContainerfile = path.join(dir, 'empty');
  const badContainerfile = path.join(dir, 'bad');
  mkdirSync(noContainerfile, { recursive: true });
  mkdirSync(badContainerfile, { recursive: true });
  writeFileSync(path.join(noContainerfile, 'README'), 'no Containerfile here\n');
  writeFileSync(path.join(badContainerfile, 'Containerfile'), 'FROM localhost/berth-test:latest\nRUNN echo this instruction does not exist\n');
  const blocker = await freePortBlocker();
  const busyPort = (blocker.address() as { port: number }).port;
  const registry = e2eInfo().registry;

  // Fixtures the rows collide with, made before the "before" snapshot.
  await podman(['create', '--name', fixtures.container, TEST_IMAGE, 'sleep', '600']);
  await podman(['volume', 'create', fixtures.volume]);
  await podman(['network', 'create', fixtures.network]);
  await podman(['pod', 'create', '--name', fixtures.pod]);
  const imgCtx = path.join(dir, 'img');
  mkdirSync(imgCtx, { recursive: true });
  writeFileSync(path.join(imgCtx, 'Containerfile'), `FROM ${TEST_IMAGE}\nLABEL berth.e2e=${tag}\n`);
  await podman(['build', '-q', '-t', fixtures.image, imgCtx], 120_000);
  await podman(['create', '--name', fixtures.user, fixtures.image, 'sleep', '600']);
  await podman(['run', '-d', '--name', fixtures.stopper, '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);

  const table: Row[] = [
    // Create container
    { what: 'empty image', form: 'create', fields: { Image: '' }, expect: /image name is required/i },
    { what: 'image reference with spaces and !', form: 'create', fields: { Image: 'not an image!!' }, expect: /not a valid image name/i },
    { what: 'image reference with upper case repository', form: 'create', fields: { Image: 'Localhost/UPPER:1' }, expect: /not a valid image name.*lower case/i },
    { what: 'image that exists nowhere', form: 'create', fields: { Image: `${registry}/berth/no-such-image:1`, Name: `${tag}-x1` }, expect: /not available locally or in a registry/i },
    { what: 'name with spaces and !', form: 'create', fields: { Image: TEST_IMAGE, Name: 'bad name!' }, expect: /starts with a letter or digit/i },
    { what: 'name with a slash', form: 'create', fields: { Image: TEST_IMAGE, Name: 'a/b' }, expect: /starts with a letter or digit/i },
    { what: 'name starting with a dash', form: 'create', fields: { Image: TEST_IMAGE, Name: '-dash' }, expect: /starts with a letter or digit/i },
    { what: 'duplicate container name', form: 'create', fields: { Image: TEST_IMAGE, Name: fixtures.container, Command: 'sleep 600' }, expect: /already exists/i },
    { what: 'host port 0', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x2`, Ports: '0:80' }, expect: /ports go from 1 to 65535/i },
    { what: 'host port 70000', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x3`, Ports: '70000:80' }, expect: /ports go from 1 to 65535/i },
    { what: 'port "abc"', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x4`, Ports: 'abc' }, expect: /ports go from 1 to 65535|not a port/i },
    { what: 'container port 99999', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x5`, Ports: '8080:99999' }, expect: /ports go from 1 to 65535/i },
    { what: 'host port in use', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x6`, Command: 'sleep 600', Ports: `${busyPort}:80` }, expect: /already in use/i },
    { what: 'env line without =', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x7`, 'Environment variables': 'NOEQUALS' }, expect: /has no "="/ },
    { what: 'env line with an empty name', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x8`, 'Environment variables': '=value' }, expect: /name is missing/i },
    {
      what: 'volume host path that does not exist',
      form: 'create',
      fields: { Image: TEST_IMAGE, Name: `${tag}-x9`, Command: 'sleep 600', Volumes: `/nonexistent/${tag}:/data` },
      expect: /no such file|does not exist|not exist/i,
    },
    { what: 'volume without a container path', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x10`, Volumes: 'justaname' }, expect: /path|volume|container/i },
    { what: 'volume with a relative container path', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x11`, Volumes: '/tmp:relative' }, expect: /path|absolute/i },
    { what: 'command with an unclosed quote', form: 'create', fields: { Image: TEST_IMAGE, Name: `${tag}-x12`, Command: 'sh -c "echo hi' }, expect: /quote is not closed/i },
    // Pull
    { what: 'pull: reference with upper case', form: 'pull', fields: { Image: 'UPPER/Case:tag' }, expect: /not a valid image name/i },
    { what: 'pull: reference with spaces', form: 'pull', fields: { Image: 'two words' }, expect: /not a valid image name/i },
    { what: 'pull: image missing from the registry', form: 'pull', fields: { Image: `${registry}/berth/nope:1` }, expect: /Pull .* failed/i },
    // Volumes, networks, pods
    { what: 'volume name with spaces', form: 'volume', fields: { Name: 'bad volume' }, expect: /starts with a letter or digit/i },
    { what: 'duplicate volume name', form: 'volume', fields: { Name: fixtures.volume }, expect: /already exists/i },
    { what: 'network name with !', form: 'network', fields: { Name: 'bad net!' }, expect: /starts with a letter or digit/i },
    { what: 'network subnet /99', form: 'network', fields: { Name: `${tag}-n1`, Subnet: '10.77.0.0/99' }, expect: /subnet|CIDR|mask/i },
    { what: 'network subnet not an address', form: 'network', fields: { Name: `${tag}-n2`, Subnet: 'notasubnet' }, expect: /subnet looks like/i },
    { what: 'duplicate network name', form: 'network', fields: { Name: fixtures.network }, expect: /already|exists|in use/i },
    { what: 'pod name with spaces', form: 'pod', fields: { Name: 'bad pod name' }, expect: /starts with a letter or digit/i },
    { what: 'duplicate pod name', form: 'pod', fields: { Name: fixtures.pod }, expect: /is in use|already exists/i },
    // Kube and build
    { what: 'kube: not YAML', form: 'kube', fields: { YAML: 'this: is: [not yaml' }, expect: /yaml|parse|mapping|invalid/i },
    { what: 'kube: YAML that is not a Pod', form: 'kube', fields: { YAML: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: only-a-service\n' }, expect: /does not contain any supported kube kind/i },
    { what: 'kube: empty', form: 'kube', fields: { YAML: '' }, expect: /YAML is empty/i },
    { what: 'build: folder without a Containerfile', form: 'build', fields: { 'Build folder': noContainerfile }, expect: /no Containerfile or Dockerfile/i },
    {
      what: 'build: Containerfile with a syntax error',
      form: 'build',
      fields: { 'Build folder': badContainerfile, Tag: `localhost/${tag}-never:1` },
      expect: /failed[\s\S]*(unknown instruction|RUNN)/i,
    },
    { what: 'build: folder that does not exist', form: 'build', fields: { 'Build folder': `/nonexistent/${tag}` }, expect: /is not a folder|no such file|does not exist/i },
    { what: 'build: relative folder', form: 'build', fields: { 'Build folder': 'relative/dir' }, expect: /must be an absolute path/i },
  ];

  const before = await snapshot();
  const results: string[] = [];
  try {
    await openApp(page);
    for (const row of table) {
      const f = FORMS[row.form];
      await test.step(`${row.form}: ${row.what}`, async () => {
        await gotoView(page, f.view);
        await page.getByRole('button', { name: f.open, exact: true }).first().click();
        const dialog = page.getByRole('dialog', { name: f.dialog });
        await expect(dialog).toBeVisible();
        for (const [label, value] of Object.entries(row.fields)) await dialog.getByRole('textbox', { name: label, exact: true }).fill(value);
        await dialog.getByRole('button', { name: f.submit, exact: true }).click();
        // Only messages count (field errors and error boxes are role="alert"), not the form's own labels and hints.
        const alerts = dialogs(page).getByRole('alert');
        const answer = alerts.filter({ hasText: row.expect }).first();
        let ok = true;
        try {
          await expect(answer).toBeVisible({ timeout: 15_000 });
        } catch {
          ok = false;
        }
        const shown = (await alerts.allInnerTexts()).join(' | ').replace(/\s+/g, ' ').slice(0, 240);
        results.push(`${ok ? 'ok  ' : 'FAIL'} ${row.form}: ${row.what} → ${shown}`);
        expect.soft(ok, `${row.what}: expected ${row.expect} in ${shown}`).toBe(true);
        await closeDialogs(page);
      });
    }

    // Remove an image in use, without force: refused with the reason, in the dialog.
    await test.step('remove an image a container uses, without force', async () => {
      await gotoView(page, 'Images');
      const name = fixtures.image.replace(/^localhost\//, '');
      const row = page
        .getByRole('grid', { name: 'Images' })
        .getByRole('row', { name: new RegExp(name) })
        .first();
      await row.getByRole('button', { name: /^Remove / }).click();
      const dialog = page.getByRole('alertdialog', { name: /^Remove image/ });
      await expect(dialog.getByRole('checkbox', { name: /^Force/ })).not.toBeChecked();
      await dialog
        .getByRole('button', { name: /^Remove/ })
        .last()
        .click();
      await expect(dialog.getByRole('alert')).toContainText(/in use|container/i, { timeout: 20_000 });
      results.push(`ok   images: remove in use → ${(await dialog.getByRole('alert').innerText()).replace(/\s+/g, ' ')}`);
      await closeDialogs(page);
    });

    // Stop a container that is (about to be) stopped: no scary error, whoever wins the race.
    await test.step('stop a container the CLI is stopping at the same time', async () => {
      await gotoView(page, 'Containers');
      const row = page.getByRole('grid', { name: 'Containers' }).getByRole('row', { name: fixtures.stopper, exact: true });
      await expect(row.getByText('running', { exact: true })).toBeVisible();
      await Promise.all([
        podman(['stop', '-t', '0', fixtures.stopper]),
        row
          .getByRole('button', { name: `Stop ${fixtures.stopper}` })
          .click()
          .catch(() => undefined),
      ]);
      await expect(row.getByText('exited', { exact: true })).toBeVisible({ timeout: 15_000 });
      await page.waitForTimeout(500);
      const toasts = await page.getByRole('region', { name: 'Notifications' }).innerText();
      expect(toasts).not.toMatch(/fail|error/i);
      results.push(`ok   containers: stop while stopping → ${toasts.replace(/\s+/g, ' ') || '(no message: it simply shows exited)'}`);
    });
  } finally {
    console.log(`[bad-input-ui] ${table.length + 2} bad inputs:\n${results.join('\n')}`);
    blocker.close();
    const after = await snapshot().catch(() => undefined);
    if (after) {
      // The stopper was stopped by name: its status is the only change allowed.
      const norm = (s: Snapshot) => ({ ...s, containers: s.containers.map((c) => (c.includes(fixtures.stopper) ? c.replace(/ (Up|Exited)$/, '') : c)) });
      // Podman creates its default kube network on the first play kube, even one that fails: the engine's own default, allowed.
      after.networks = after.networks.filter((n) => !n.endsWith(' podman-default-kube-network') || before.networks.includes(n));
      expect(norm(after), 'nothing appeared or disappeared that the test did not name').toEqual(norm(before));
    }
    await cleanup({ containers: [fixtures.container, fixtures.user, fixtures.stopper], pods: [fixtures.pod], volumes: [fixtures.volume], networks: [fixtures.network], images: [fixtures.image] });
  }
});
