// Compose from the UI against the real providers and the test Podman: up with
// its output, the project live from engine events, group actions, the
// combined log, down with volumes, and a failed up that leaves something.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/net.js';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { openApp, uniqueName, xtermText } from '../support/ui.js';

function projectDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-e2e-compose-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const projectFile = (port: number) => `services:
  db:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; echo db ready; while true; do sleep 1; done"]
    volumes: [dbdata:/data]
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; for i in 1 2 3; do echo web line $$i; done; while true; do sleep 1; done"]
    depends_on: [db]
    ports: ["${port}:8080"]
  debug:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    profiles: [tools]
volumes:
  dbdata: {}
`;

/** `name state` of the project's containers, as the CLI sees them. */
async function cliProject(project: string): Promise<string[]> {
  const out = await podman(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', 'json']);
  const list = JSON.parse(out || '[]') as { Names?: string[]; State?: string }[];
  return list.map((c) => `${c.Names?.[0] ?? '?'} ${c.State?.toLowerCase() ?? '?'}`).sort();
}

async function cleanupProject(project: string) {
  const ids = (await podman(['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]).catch(() => '')).split('\n').filter(Boolean);
  for (const id of ids) await podman(['rm', '-f', '-t', '0', id]).catch(() => undefined);
  for (const v of (await podman(['volume', 'ls', '-q']).catch(() => '')).split('\n').filter((n) => n.startsWith(project))) await podman(['volume', 'rm', '-f', v]).catch(() => undefined);
  for (const n of (await podman(['network', 'ls', '--format', '{{.Name}}']).catch(() => '')).split('\n').filter((n) => n.startsWith(project)))
    await podman(['network', 'rm', '-f', n]).catch(() => undefined);
}

async function composeUp(page: Page, file: string, project: string) {
  await openApp(page, 'Compose');
  await page.getByRole('button', { name: 'Compose up' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Compose up' });
  await dialog.getByRole('textbox', { name: 'Compose file' }).fill(file);
  await dialog.getByRole('textbox', { name: 'Project name' }).click();
  await dialog.getByRole('textbox', { name: 'Project name' }).fill(project);
  return dialog;
}

for (const provider of ['docker-compose', 'podman-compose'] as const) {
  test(`${provider}: up from a file with its output, live project, group stop/start, combined log, down with volumes`, async ({ page }) => {
    test.setTimeout(240_000);
    const project = uniqueName(provider.replace('-', '')).toLowerCase();
    const dir = projectDir({ 'compose.yaml': projectFile(await freePort()) });
    try {
      await openApp(page, 'Settings');
      await page.getByRole('combobox', { name: 'Compose tool' }).selectOption(provider);
      const dialog = await composeUp(page, path.join(dir, 'compose.yaml'), project);
      await expect(dialog.getByRole('note').filter({ hasText: 'Runs with' })).toContainText(provider);
      // The file is read on the machine Berth runs on before anything runs: services and profiles.
      const plan = dialog.getByRole('group', { name: 'What up will start' });
      await expect(plan).toContainText('Starts 2 of 3 services: db, web');
      await expect(plan.getByRole('checkbox', { name: /^tools \(debug\)/ })).not.toBeChecked();
      await dialog.getByRole('button', { name: 'Up', exact: true }).click();
      await expect(dialog.getByRole('status').first()).toContainText(`Compose up ${project}: done`, { timeout: 180_000 });
      await expect(dialog.getByLabel('Compose output')).not.toBeEmpty();
      expect(await cliProject(project)).toEqual([expect.stringMatching(/db.* running$/), expect.stringMatching(/web.* running$/)]);

      await dialog.getByRole('button', { name: 'Open project' }).click();
      await expect(page.getByRole('heading', { level: 1, name: project })).toBeVisible();
      const services = page.getByRole('table', { name: `Services of ${project}` });
      await expect(services.getByRole('row')).toHaveCount(3);

      // Group stop, then start, through the UI; the CLI agrees and the page follows from events.
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      await expect.poll(() => cliProject(project), { timeout: 30_000 }).toEqual([expect.stringMatching(/ exited$/), expect.stringMatching(/ exited$/)]);
      await expect(services.getByText('running', { exact: true })).toHaveCount(0);
      await page.getByRole('button', { name: 'Start', exact: true }).click();
      await expect.poll(() => cliProject(project), { timeout: 30_000 }).toEqual([expect.stringMatching(/ running$/), expect.stringMatching(/ running$/)]);
      await expect(services.getByText('running', { exact: true })).toHaveCount(2);

      // The combined log: both services, each line after its name.
      await page.getByRole('tab', { name: 'Logs' }).click();
      await expect.poll(() => xtermText(page, `Logs of ${project}`), { timeout: 20_000 }).toMatch(/db\s+\| db ready/);
      await expect.poll(() => xtermText(page, `Logs of ${project}`), { timeout: 20_000 }).toMatch(/web \| web line 3/);
      // The member filter shows one service alone.
      await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'web' });
      await expect.poll(() => xtermText(page, `Logs of ${project}`), { timeout: 20_000 }).toMatch(/web \| web line 1/);
      expect(await xtermText(page, `Logs of ${project}`)).not.toContain('db ready');
      // The download is the complete combined log of the members shown, each line after its name, in time order.
      await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'All 2' });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download full log' }).click()]);
      const file = (await readFile((await download.path())!, 'utf8')).split('\n').filter(Boolean);
      expect(file.filter((l) => l.startsWith('db  | '))).toEqual(['db  | db ready', 'db  | db ready']);
      expect(file.filter((l) => l.startsWith('web | '))).toEqual(['web | web line 1', 'web | web line 2', 'web | web line 3', 'web | web line 1', 'web | web line 2', 'web | web line 3']);

      // One Kubernetes YAML for the whole project (Podman).
      await page.getByRole('tab', { name: 'Kube' }).click();
      const yaml = page.getByLabel(`Kubernetes YAML for ${project}`, { exact: true });
      await expect(yaml).toContainText('kind: Pod', { timeout: 20_000 });
      await expect(yaml).toContainText(TEST_IMAGE);
      await expect(yaml).toContainText(/db/);
      await expect(yaml).toContainText(/web/);

      // Down, removing the volume too.
      expect((await podman(['volume', 'ls', '-q'])).split('\n')).toContain(`${project}_dbdata`);
      await page.getByRole('button', { name: 'Down', exact: true }).click();
      const down = page.getByRole('alertdialog', { name: `Down project ${project}?` });
      await down.getByRole('checkbox', { name: "Also remove the project's volumes" }).check();
      await down.getByRole('button', { name: 'Down', exact: true }).click();
      await expect(down.getByRole('status').first()).toContainText(`Compose down ${project}: done`, { timeout: 120_000 });
      await down.getByRole('button', { name: 'Close' }).click();
      expect(await cliProject(project)).toEqual([]);
      expect((await podman(['volume', 'ls', '-q'])).split('\n')).not.toContain(`${project}_dbdata`);
      await expect(page.getByText(`There is no compose project “${project}”`)).toBeVisible();
    } finally {
      await cleanupProject(project);
    }
  });
}

test('a failed up shows the tool’s own words and exit code, says what it left, and takes it down', async ({ page }) => {
  test.setTimeout(180_000);
  const project = uniqueName('broken').toLowerCase();
  const dir = projectDir({
    'compose.yaml': `services:\n  good:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "600"]\n  bad:\n    image: localhost/berth-e2e-missing:1\n    depends_on: [good]\n`,
  });
  try {
    await openApp(page, 'Settings');
    await page.getByRole('combobox', { name: 'Compose tool' }).selectOption('docker-compose');
    const dialog = await composeUp(page, path.join(dir, 'compose.yaml'), project);
    await expect(dialog.getByRole('group', { name: 'What up will start' })).toContainText('Starts 2 of 2 services');
    await dialog.getByRole('button', { name: 'Up', exact: true }).click();
    await expect(dialog.getByRole('status').first()).toContainText(/failed \(exit code [1-9]/, { timeout: 120_000 });
    await expect(dialog.getByRole('alert')).toContainText('berth-e2e-missing');
    await expect(dialog.getByRole('note').filter({ hasText: 'Left on the engine' })).toContainText(`${project}_good_1`);
    expect(await cliProject(project)).toHaveLength(1);

    await dialog.getByRole('button', { name: 'Down what was left' }).click();
    const down = page.getByRole('alertdialog', { name: `Down project ${project}?` });
    await expect(down.getByRole('checkbox', { name: "Also remove the project's volumes" })).not.toBeChecked();
    await down.getByRole('button', { name: 'Down', exact: true }).click();
    await expect(down.getByRole('status').first()).toContainText('done', { timeout: 120_000 });
    expect(await cliProject(project)).toEqual([]);
  } finally {
    await cleanupProject(project);
  }
});

test('a compose file that cannot be used is refused before anything runs, in plain words', async ({ page }) => {
  const dir = projectDir({ 'compose.yaml': 'services:\n  a:\n    image: [not, a, string\n' });
  const dialog = await composeUp(page, path.join(dir, 'compose.yaml'), 'e2e-badfile');
  await expect(dialog.getByRole('alert')).toContainText('That compose file cannot be used');
  await dialog.getByRole('textbox', { name: 'Compose file' }).fill('relative/compose.yaml');
  await dialog.getByRole('button', { name: 'Up', exact: true }).click();
  await expect(dialog.getByText('Give the full path on the machine Berth runs on')).toBeVisible();
  expect(await cliProject('e2e-badfile')).toEqual([]);
});

test('Cancel stops a running up (the tool is stopped, the UI says so) and offers to take down what it left', async ({ page }) => {
  test.setTimeout(180_000);
  const project = uniqueName('cancel').toLowerCase();
  // `app` waits for `db` to be healthy, which never happens (its check fails): up blocks until cancelled.
  const dir = projectDir({
    'compose.yaml': `services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    healthcheck: { test: ["CMD", "false"], interval: 1s, retries: 1000 }
  app:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    depends_on: { db: { condition: service_healthy } }
`,
  });
  try {
    await openApp(page, 'Settings');
    await page.getByRole('combobox', { name: 'Compose tool' }).selectOption('docker-compose');
    const dialog = await composeUp(page, path.join(dir, 'compose.yaml'), project);
    await expect(dialog.getByRole('group', { name: 'What up will start' })).toContainText('Starts 2 of 2 services');
    await dialog.getByRole('button', { name: 'Up', exact: true }).click();
    // db is created (and started) while up waits for it to be healthy.
    await expect.poll(() => cliProject(project), { timeout: 60_000 }).toEqual([expect.stringMatching(/_db_1 running$/)]);
    await expect(dialog.getByRole('status').first()).toContainText(`Compose up ${project} with docker-compose`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.getByRole('status').first()).toContainText(`Compose up ${project}: cancelled; the tool was stopped`);
    // The tool really stopped: no docker-compose process for this project is left.
    await expect
      .poll(
        async () =>
          (await import('node:child_process'))
            .execFileSync('ps', ['-eo', 'args'])
            .toString()
            .split('\n')
            .filter((l) => l.includes('docker-compose') && l.includes(project)),
        { timeout: 15_000 },
      )
      .toEqual([]);
    expect(await cliProject(project), 'app never started').toEqual([expect.stringMatching(/_db_1 running$/)]);
    await expect(dialog.getByRole('note').filter({ hasText: 'Left on the engine' })).toContainText(`1 container of ${project}`);
    await dialog.getByRole('button', { name: 'Down what was left' }).click();
    const down = page.getByRole('alertdialog', { name: `Down project ${project}?` });
    await down.getByRole('button', { name: 'Down', exact: true }).click();
    await expect(down.getByRole('status').first()).toContainText('done', { timeout: 120_000 });
    expect(await cliProject(project)).toEqual([]);
  } finally {
    await cleanupProject(project);
  }
});

test('a project whose compose files are gone is taken down through the engine API, by its labels', async ({ page }) => {
  const project = uniqueName('orphan').toLowerCase();
  const labels = (svc: string) => [
    '--label',
    `com.docker.compose.project=${project}`,
    '--label',
    `com.docker.compose.service=${svc}`,
    '--label',
    'com.docker.compose.project.working_dir=/nonexistent/berth',
    '--label',
    'com.docker.compose.project.config_files=compose.yaml',
  ];
  try {
    for (const svc of ['a', 'b']) await podman(['run', '-d', '--name', `${project}_${svc}_1`, ...labels(svc), '--stop-timeout', '1', TEST_IMAGE, 'sleep', '600']);
    await openApp(page, 'Compose');
    const row = page.getByRole('grid', { name: 'Compose projects' }).getByRole('row', { name: project, exact: true });
    await expect(row.getByText('2 · 2 running')).toBeVisible();
    await row.getByRole('button', { name: `Down ${project}` }).click();
    const down = page.getByRole('alertdialog', { name: `Down project ${project}?` });
    await down.getByRole('button', { name: 'Down', exact: true }).click();
    await expect(down.getByRole('status').first()).toContainText(`Compose down ${project}: done (the engine API)`, { timeout: 60_000 });
    await expect(down.getByLabel('Compose output')).toContainText(`Removed ${project}_a_1`);
    await down.getByRole('button', { name: 'Close' }).click();
    expect(await cliProject(project)).toEqual([]);
    await expect(row).toHaveCount(0);
  } finally {
    await cleanupProject(project);
  }
});
