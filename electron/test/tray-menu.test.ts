// The tray menu, icon state and tooltip: pure functions from state to a menu
// description (electron/main/tray-menu.ts).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { ContainerRow, EngineEntry, MachineRow, MachinesState } from '../contract/types.js';
import {
  TRAY_CONTAINER_LIMIT,
  TRAY_LABEL_MAX,
  TRAY_TOOLTIP_MAX,
  logsRoute,
  menuLabel,
  runningContainers,
  trayIconFile,
  trayIconState,
  trayMenu,
  trayTargets,
  trayTooltip,
  type TrayAction,
  type TrayMenuItem,
  type TrayState,
  type TrayTarget,
} from '../main/tray-menu.js';

const T0 = Date.UTC(2025, 0, 1);

function row(name: string, o: Partial<ContainerRow> = {}): ContainerRow {
  return { engine: 'e1', id: `${name}-id`.padEnd(64, '0'), name, image: 'busybox', state: 'running', status: 'Up', created: T0, ports: [], labels: {}, ...o };
}
const engine = (o: Partial<TrayTarget> = {}): TrayTarget => ({ id: 'e1', kind: 'engine', label: 'Podman', state: 'running', canStart: false, canStop: false, ...o });
const machine = (o: Partial<TrayTarget> = {}): TrayTarget => ({
  id: 'podman-machine-default',
  kind: 'machine',
  label: 'podman-machine-default (machine)',
  state: 'stopped',
  canStart: true,
  canStop: false,
  ...o,
});
const base = (o: Partial<TrayState> = {}): TrayState => ({ targets: [engine()], containers: [], windowVisible: false, busy: [], ...o });

const labels = (items: TrayMenuItem[]) => items.map((i) => (i.type === 'separator' ? '---' : i.label));
const find = (items: TrayMenuItem[], label: string | RegExp) => items.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label ?? '')));
const containerItems = (items: TrayMenuItem[]) => {
  const start = items.findIndex((i) => i.label === 'Running containers');
  if (start < 0) return [];
  const out: TrayMenuItem[] = [];
  for (const i of items.slice(start + 1)) {
    if (i.type === 'separator' || !i.submenu) break;
    out.push(i);
  }
  return out;
};

describe('trayMenu: layout', () => {
  test('Open Berth first, then engines, running containers, Quit last, with separators between', () => {
    const menu = trayMenu(base({ containers: [row('web', { startedAt: T0 + 5 })], targets: [engine(), machine()] }));
    assert.deepEqual(labels(menu), ['Open Berth', '---', 'Podman — Running', 'podman-machine-default (machine) — Stopped', '---', 'Running containers', 'web', '---', 'Quit Berth']);
    assert.deepEqual(menu[0]!.action, { kind: 'open' });
    assert.deepEqual(menu.at(-1)!.action, { kind: 'quit' });
    assert.equal(find(menu, 'Running containers')!.enabled, false, 'the heading is not clickable');
  });

  test('a visible window adds Hide Berth; the close-to-tray setting shows as a checkbox when known', () => {
    const menu = trayMenu(base({ windowVisible: true, closeToTray: true }));
    assert.deepEqual(find(menu, 'Hide Berth')!.action, { kind: 'hide' });
    const box = find(menu, /Keep Berth in the tray/)!;
    assert.equal(box.type, 'checkbox');
    assert.equal(box.checked, true);
    assert.deepEqual(box.action, { kind: 'toggle-close-to-tray', value: false });
    const off = find(trayMenu(base({ closeToTray: false })), /Keep Berth in the tray/)!;
    assert.equal(off.checked, false);
    assert.deepEqual(off.action, { kind: 'toggle-close-to-tray', value: true });
    assert.equal(find(trayMenu(base()), /Keep Berth/), undefined, 'not shown when the wiring did not say');
    assert.equal(find(trayMenu(base()), 'Hide Berth'), undefined);
  });

  test('each container has Stop, Restart and Open logs, addressed to its engine and id', () => {
    const c = row('api', { engine: 'unix:///run/podman/podman.sock', id: 'abc123' });
    const item = containerItems(trayMenu(base({ containers: [c] })))[0]!;
    assert.deepEqual(labels(item.submenu!), ['Stop', 'Restart', 'Open logs']);
    const actions = item.submenu!.map((i) => i.action);
    assert.deepEqual(actions, [
      { kind: 'container', operation: 'stop', engine: c.engine, id: 'abc123' },
      { kind: 'container', operation: 'restart', engine: c.engine, id: 'abc123' },
      { kind: 'container', operation: 'logs', engine: c.engine, id: 'abc123' },
    ]);
  });

  test('a machine has Start and Stop, enabled by what it can do; a plain engine opens Settings', () => {
    const menu = trayMenu(base({ targets: [engine(), machine(), machine({ id: 'm2', label: 'm2 (machine)', state: 'running', canStart: false, canStop: true })] }));
    const m1 = find(menu, /^podman-machine-default/)!;
    assert.deepEqual(
      m1.submenu!.map((i) => [i.label, i.enabled]),
      [
        ['Start', true],
        ['Stop', false],
      ],
    );
    assert.deepEqual(m1.submenu![0]!.action, { kind: 'target', operation: 'start', target: 'machine', id: 'podman-machine-default' });
    const m2 = find(menu, /^m2/)!;
    assert.equal(m2.label, 'm2 (machine) — Running');
    assert.deepEqual(
      m2.submenu!.map((i) => [i.label, i.enabled]),
      [
        ['Start', false],
        ['Stop', true],
      ],
    );
    const plain = find(menu, /^Podman/)!;
    assert.equal(plain.submenu, undefined, 'Berth cannot start or stop a plain socket');
    assert.deepEqual(plain.action, { kind: 'navigate', route: 'settings' });
  });
});

describe('trayMenu: running containers', () => {
  test('most recently started first; started time beats creation time; stopped and infra containers left out', () => {
    const containers = [
      row('old', { startedAt: T0 + 1000, created: T0 + 9000 }),
      row('new', { startedAt: T0 + 5000, created: T0 }),
      row('never-started-but-created-late', { startedAt: undefined, created: T0 + 3000 }),
      row('exited', { state: 'exited', startedAt: T0 + 99_000 }),
      row('paused', { state: 'paused', startedAt: T0 + 98_000 }),
      row('infra', { isInfra: true, startedAt: T0 + 97_000 }),
    ];
    assert.deepEqual(labels(containerItems(trayMenu(base({ containers })))), ['new', 'never-started-but-created-late', 'old']);
  });

  test('ties are ordered by name, so the menu does not shuffle', () => {
    const containers = ['c', 'a', 'b'].map((n) => row(n, { startedAt: T0 }));
    assert.deepEqual(
      runningContainers(containers).map((c) => c.name),
      ['a', 'b', 'c'],
    );
  });

  test(`at most ${TRAY_CONTAINER_LIMIT}: exactly ten shows no "more" item`, () => {
    const containers = Array.from({ length: 10 }, (_, i) => row(`c${i}`, { startedAt: T0 + i }));
    const menu = trayMenu(base({ containers }));
    assert.equal(containerItems(menu).length, 10);
    assert.equal(find(menu, /more running/), undefined);
  });

  test('eleven or more: the ten most recent, then "N more running…" opening the Containers view', () => {
    const containers = Array.from({ length: 25 }, (_, i) => row(`c${String(i).padStart(2, '0')}`, { startedAt: T0 + i * 1000 }));
    const menu = trayMenu(base({ containers }));
    const shown = labels(containerItems(menu));
    assert.equal(shown.length, 10);
    assert.deepEqual(shown, ['c24', 'c23', 'c22', 'c21', 'c20', 'c19', 'c18', 'c17', 'c16', 'c15']);
    const more = find(menu, /more running/)!;
    assert.equal(more.label, '15 more running…');
    assert.deepEqual(more.action, { kind: 'navigate', route: 'containers' });
    assert.deepEqual(labels(menu).slice(-2), ['---', 'Quit Berth'], 'Quit stays last');
  });

  test('only stopped containers count as none running', () => {
    const menu = trayMenu(base({ containers: [row('a', { state: 'exited' })] }));
    assert.equal(find(menu, 'No running containers')!.enabled, false);
    assert.equal(find(menu, 'Running containers'), undefined);
  });

  test('containers from several engines say which engine they run on', () => {
    const targets = [engine({ id: 'e1', label: 'Podman (rootless)' }), engine({ id: 'e2', label: 'Docker' })];
    const containers = [row('a', { engine: 'e1', startedAt: T0 + 2 }), row('b', { engine: 'e2', startedAt: T0 + 1 })];
    assert.deepEqual(labels(containerItems(trayMenu(base({ targets, containers })))), ['a (Podman (rootless))', 'b (Docker)']);
    assert.deepEqual(labels(containerItems(trayMenu(base({ targets, containers: [containers[0]!] })))), ['a'], 'one engine: no suffix');
  });

  test('a container without a name shows its short id', () => {
    assert.deepEqual(labels(containerItems(trayMenu(base({ containers: [row('', { id: '0123456789abcdef0123' })] })))), ['0123456789ab']);
  });
});

describe('trayMenu: empty states', () => {
  test('no engine at all: says so and offers the setup page; no containers', () => {
    const menu = trayMenu({ targets: [], containers: [], windowVisible: false, busy: [] });
    assert.deepEqual(labels(menu), ['Open Berth', '---', 'No container engine found', 'Set up an engine…', '---', 'No running containers', '---', 'Quit Berth']);
    assert.equal(find(menu, 'No container engine found')!.enabled, false);
    assert.deepEqual(find(menu, 'Set up an engine…')!.action, { kind: 'navigate', route: 'dashboard' });
  });
});

describe('trayMenu: operations in flight', () => {
  test('a container being stopped says so and its Stop and Restart are disabled; Open logs still works', () => {
    const c = row('web');
    const menu = trayMenu(base({ containers: [c], busy: [{ target: 'container', id: `${c.engine}/${c.id}`, operation: 'stop' }] }));
    const item = containerItems(menu)[0]!;
    assert.equal(item.label, 'web — Stopping…');
    assert.deepEqual(
      item.submenu!.map((i) => i.enabled),
      [false, false, undefined],
    );
  });

  test('the same id on another engine is not affected', () => {
    const a = row('web', { engine: 'e1', id: 'same' });
    const b = row('web2', { engine: 'e2', id: 'same' });
    const menu = trayMenu(base({ containers: [a, b], busy: [{ target: 'container', id: 'e2/same', operation: 'restart' }] }));
    assert.ok(containerItems(menu).some((i) => i.label === 'web2 (e2) — Restarting…'));
    assert.ok(containerItems(menu).some((i) => i.label === 'web (Podman)'));
  });

  test('a machine being started shows Starting… with both actions disabled, and the icon says starting', () => {
    const state = base({ targets: [machine()], busy: [{ target: 'machine', id: 'podman-machine-default', operation: 'start' }] });
    const m = find(trayMenu(state), /^podman-machine-default/)!;
    assert.equal(m.label, 'podman-machine-default (machine) — Starting…');
    assert.deepEqual(
      m.submenu!.map((i) => i.enabled),
      [false, false],
    );
    assert.equal(trayIconState(state), 'starting');
  });
});

describe('menuLabel: names are plain text', () => {
  test('& is doubled so Electron shows it instead of making a mnemonic', () => {
    assert.equal(menuLabel('R&D'), 'R&&D');
    assert.equal(menuLabel('a && b'), 'a &&&& b');
    const menu = trayMenu(base({ containers: [row('tom&jerry')] }));
    assert.equal(containerItems(menu)[0]!.label, 'tom&&jerry');
  });

  test('shell metacharacters and unicode stay exactly as they are', () => {
    for (const name of ['$(rm -rf ~)', '`id`', 'a;b|c>d<e', 'it\'s "quoted"', '~/*?[x]', 'café-☕', '日本語のコンテナ', '👩‍💻dev', '%s%n%x', '\\\\server\\share']) {
      assert.equal(menuLabel(name), name, name);
    }
    const item = containerItems(trayMenu(base({ containers: [row('$(reboot)')] })))[0]!;
    assert.equal(item.label, '$(reboot)');
  });

  test('control and bidi-override characters cannot break or reverse the line', () => {
    assert.equal(menuLabel('evil\nname\twith\u0007bell'), 'evil name with bell');
    assert.equal(menuLabel('abc\u202Etxt.exe'), 'abc txt.exe');
    assert.equal(menuLabel('  spaced   out  '), 'spaced out');
  });

  test(`long names are ellipsized at ${TRAY_LABEL_MAX} characters, by grapheme`, () => {
    const long = 'x'.repeat(100);
    const out = menuLabel(long);
    assert.equal([...out].length, TRAY_LABEL_MAX);
    assert.ok(out.endsWith('…'));
    assert.equal(menuLabel('x'.repeat(TRAY_LABEL_MAX)), 'x'.repeat(TRAY_LABEL_MAX), 'exactly the limit is kept whole');
    const emoji = '👩‍💻'.repeat(60);
    const e = menuLabel(emoji);
    assert.ok(e.endsWith('…'));
    assert.equal(e.slice(0, -1), '👩‍💻'.repeat(TRAY_LABEL_MAX - 1), 'no emoji is cut in half');
    const amp = menuLabel('&'.repeat(60));
    assert.equal(amp, `${'&&'.repeat(TRAY_LABEL_MAX - 1)}…`, 'ellipsize first, then escape, so an && pair is never split');
    const item = containerItems(trayMenu(base({ containers: [row('n'.repeat(200))] })))[0]!;
    assert.equal([...item.label!].length, TRAY_LABEL_MAX);
  });
});

describe('trayIconState', () => {
  const s = (...states: TrayTarget['state'][]) => trayIconState({ targets: states.map((st, i) => engine({ id: `e${i}`, state: st })), busy: [] });
  test('error wins over everything', () => {
    assert.equal(s('running', 'error'), 'error');
    assert.equal(s('starting', 'error', 'stopped'), 'error');
    assert.equal(s('error'), 'error');
  });
  test('starting beats running and stopped', () => {
    assert.equal(s('running', 'starting'), 'starting');
    assert.equal(s('stopped', 'starting'), 'starting');
  });
  test('running beats stopped', () => {
    assert.equal(s('stopped', 'running'), 'running');
  });
  test('all stopped, or no engine at all, is stopped', () => {
    assert.equal(s('stopped', 'stopped'), 'stopped');
    assert.equal(s(), 'stopped');
  });
  test('a start in flight shows as starting, but an error still wins', () => {
    assert.equal(trayIconState({ targets: [machine()], busy: [{ target: 'machine', id: 'podman-machine-default', operation: 'start' }] }), 'starting');
    assert.equal(trayIconState({ targets: [machine({ state: 'error' })], busy: [{ target: 'machine', id: 'podman-machine-default', operation: 'start' }] }), 'error');
    assert.equal(trayIconState({ targets: [machine()], busy: [{ target: 'machine', id: 'other', operation: 'start' }] }), 'stopped', 'another target');
  });
});

describe('trayTooltip', () => {
  test('says how many containers run', () => {
    assert.equal(trayTooltip(base()), 'Berth: no containers running');
    assert.equal(trayTooltip(base({ containers: [row('a')] })), 'Berth: 1 container running');
    assert.equal(trayTooltip(base({ containers: [row('a'), row('b'), row('c', { state: 'exited' })] })), 'Berth: 2 containers running');
  });
  test('names the engines in trouble, and still counts containers', () => {
    const t = trayTooltip(base({ targets: [engine(), engine({ id: 'e2', label: 'Docker', state: 'error' })], containers: [row('a')] }));
    assert.equal(t, 'Berth: Docker has a problem · 1 running');
    assert.equal(trayTooltip(base({ targets: [engine({ state: 'error' }), engine({ id: 'e2', label: 'Docker', state: 'error' })] })), 'Berth: Podman, Docker have a problem');
  });
  test('starting, stopped and no engine', () => {
    assert.equal(trayTooltip(base({ targets: [engine({ state: 'starting' })] })), 'Berth: starting…');
    assert.equal(trayTooltip(base({ targets: [machine()] })), 'Berth: engine stopped');
    assert.equal(trayTooltip(base({ targets: [] })), 'Berth: no container engine');
  });
  test(`at most ${TRAY_TOOLTIP_MAX} characters (Windows' limit), without control characters`, () => {
    const targets = Array.from({ length: 20 }, (_, i) => engine({ id: `e${i}`, label: `very-long-engine-name-number-${i}\n`, state: 'error' }));
    const t = trayTooltip(base({ targets }));
    assert.ok([...t].length <= TRAY_TOOLTIP_MAX, `${[...t].length} characters`);
    assert.ok(t.endsWith('…'));
    assert.doesNotMatch(t, /\n/);
  });
});

describe('trayTargets: engines and machines', () => {
  const entry = (o: Partial<EngineEntry>): EngineEntry => ({
    id: 'unix:///run/podman/podman.sock',
    label: 'Podman (rootful)',
    address: 'unix:///run/podman/podman.sock',
    source: 'rootful',
    embedded: false,
    userAdded: false,
    enabled: true,
    primary: true,
    health: { state: 'healthy', since: T0 },
    ...o,
  });
  const mrow = (o: Partial<MachineRow>): MachineRow => ({
    name: 'podman-machine-default',
    provider: 'applehv',
    state: 'stopped',
    cpus: 2,
    memoryBytes: 2 ** 31,
    diskBytes: 2 ** 34,
    isDefault: true,
    ...o,
  });
  const machines = (rows: MachineRow[], supported = true): MachinesState => ({ supported, host: { cpus: 4, memoryBytes: 2 ** 33 }, machines: rows });

  test('engine health maps to the tray states; engines cannot be started or stopped from Berth', () => {
    const targets = trayTargets(
      [entry({}), entry({ id: 'b', label: 'B', health: { state: 'connecting', since: T0 } }), entry({ id: 'c', label: 'C', health: { state: 'unreachable', since: T0, message: 'gone' } })],
      undefined,
    );
    assert.deepEqual(
      targets.map((t) => [t.id, t.state, t.canStart, t.canStop]),
      [
        ['unix:///run/podman/podman.sock', 'running', false, false],
        ['b', 'starting', false, false],
        ['c', 'error', false, false],
      ],
    );
    assert.equal(find(trayMenu(base({ targets })), /^C —/)!.label, 'C — Unreachable');
  });

  test("hidden engines are left out; Berth's own service says so", () => {
    const targets = trayTargets([entry({ enabled: false }), entry({ id: 'emb', label: 'Podman', embedded: true })], undefined);
    assert.deepEqual(
      targets.map((t) => t.label),
      ["Podman (Berth's own)"],
    );
  });

  test('machines: state, and what can be done; a running machine is listed once, not also as its engine', () => {
    const targets = trayTargets(
      [entry({}), entry({ id: 'unix:///tmp/m/api.sock', address: 'unix:///tmp/m/api.sock', label: 'machine dev', source: 'machine' })],
      machines([
        mrow({ name: 'dev', state: 'running', socket: '/tmp/m/api.sock' }),
        mrow({ name: 'idle' }),
        mrow({ name: 'bad', state: 'error' }),
        mrow({ name: 'going', state: 'stopping' }),
        mrow({ name: 'busy', state: 'stopped', busy: { operation: 'start', lines: [] } }),
      ]),
    );
    assert.deepEqual(
      targets.map((t) => [t.kind, t.id, t.state, t.canStart, t.canStop]),
      [
        ['engine', 'unix:///run/podman/podman.sock', 'running', false, false],
        ['machine', 'dev', 'running', false, true],
        ['machine', 'idle', 'stopped', true, false],
        ['machine', 'bad', 'error', true, false],
        ['machine', 'going', 'starting', false, false],
        ['machine', 'busy', 'stopped', false, false],
      ],
    );
    assert.equal(targets.find((t) => t.id === 'going')!.stateText, 'Stopping…');
  });

  test('where machines do not apply (Linux, no podman), none are listed', () => {
    assert.deepEqual(trayTargets([], machines([mrow({})], false)), []);
  });
});

describe('icons and routes', () => {
  const trayDir = path.join(import.meta.dirname, '..', '..', 'assets', 'tray');
  test('every platform and state has an icon file that exists', () => {
    for (const platform of ['darwin', 'win32', 'linux', 'freebsd'] as NodeJS.Platform[]) {
      for (const state of ['running', 'starting', 'stopped', 'error'] as const) {
        const file = trayIconFile(platform, state);
        assert.ok(existsSync(path.join(trayDir, file)), `${platform} ${state}: ${file}`);
        if (platform === 'darwin') {
          assert.match(file, /Template\.png$/, 'macOS template images end in Template');
          assert.ok(existsSync(path.join(trayDir, file.replace(/\.png$/, '@2x.png'))), `${file} has an @2x`);
        }
      }
    }
    assert.equal(trayIconFile('darwin', 'running'), 'trayTemplate.png');
    assert.match(trayIconFile('win32', 'error'), /\.ico$/);
  });

  test('the logs route names the container and its engine, encoded', () => {
    assert.equal(logsRoute({ id: 'abc', engine: 'unix:///run/podman/podman.sock' }), 'containers/abc/logs?engine=unix%3A%2F%2F%2Frun%2Fpodman%2Fpodman.sock');
    assert.equal(logsRoute({ id: 'a/b?c', engine: '' }), 'containers/a%2Fb%3Fc/logs');
  });

  test('actions are plain data (they cross no process boundary, but stay serializable)', () => {
    const menu = trayMenu(base({ containers: [row('x')], targets: [engine(), machine()], closeToTray: true, windowVisible: true }));
    const walk = (items: TrayMenuItem[]): TrayAction[] => items.flatMap((i) => [...(i.action ? [i.action] : []), ...walk(i.submenu ?? [])]);
    const actions = walk(menu);
    assert.deepEqual(JSON.parse(JSON.stringify(actions)), actions);
  });
});
