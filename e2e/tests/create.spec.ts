import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:net';
import { podman, TEST_IMAGE } from '../support/podman.js';
import { freePort } from '../support/net.js';
import { cleanup, cliState, openCreateContainer, uniqueName } from '../support/ui.js';

test.describe('create container', () => {
  test('the create form runs a container with a published port that answers HTTP', async ({ page }) => {
    const name = uniqueName('web');
    const hostPort = await freePort();
    try {
      const form = await openCreateContainer(page, {
        image: TEST_IMAGE,
        name,
        command: `sh -c "mkdir -p /www && echo hello-${name} > /www/index.html && exec httpd -f -p 8080 -h /www"`,
      });
      await form.getByRole('textbox', { name: 'Ports' }).fill(`${hostPort}:8080`);
      await form.getByRole('button', { name: 'Create and start' }).click();
      await expect(form).toBeHidden();

      // The app shows the new container's page, running.
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(page.locator('main').getByText('running', { exact: true }).first()).toBeVisible();
      await expect.poll(() => cliState(name)).toBe('running');

      // The engine published the port …
      expect(await podman(['port', name])).toMatch(new RegExp(`8080/tcp -> [0-9.]*:${hostPort}\\b`));
      // … and the server in the container answers through it.
      await expect
        .poll(
          async () => {
            try {
              return await (await fetch(`http://127.0.0.1:${hostPort}/index.html`)).text();
            } catch {
              return '';
            }
          },
          { timeout: 15_000 },
        )
        .toContain(`hello-${name}`);
    } finally {
      await cleanup({ containers: [name] });
    }
  });

  test('creating with a host port already in use shows the engine message in the form', async ({ page }) => {
    const name = uniqueName('busy');
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const hostPort = (blocker.address() as { port: number }).port;
    try {
      const form = await openCreateContainer(page, { image: TEST_IMAGE, name, command: 'sleep 600' });
      await form.getByRole('textbox', { name: 'Ports' }).fill(`${hostPort}:80`);
      await form.getByRole('button', { name: 'Create and start' }).click();

      // The form stays open and says what the engine said.
      const alert = form.getByRole('alert').filter({ hasText: 'Engine said:' });
      await expect(alert).toBeVisible({ timeout: 20_000 });
      await expect(alert).toContainText(/address already in use|port .* in use/i);
      await expect(form).toBeVisible();
      expect(await cliState(name)).not.toBe('running');
    } finally {
      blocker.close();
      await cleanup({ containers: [name] });
    }
  });
});
