/**
 * The application menu as data (no Electron import), so it can be tested.
 * Electron's roles give the platform's usual items and shortcuts.
 */
import { VIEWS, viewShortcut, type ViewId } from '../contract/registry.js';

export interface MenuItemSpec {
  label?: string;
  role?: string;
  type?: 'separator' | 'normal';
  accelerator?: string;
  /** Command id sent to the renderer or handled by the main process. */
  command?: string;
  submenu?: MenuItemSpec[];
}

export function applicationMenu(platform: NodeJS.Platform, appName = 'Berth'): MenuItemSpec[] {
  const mac = platform === 'darwin';
  const view = (label: string, n: number | undefined, route: string): MenuItemSpec => ({ label, ...(n ? { accelerator: `CmdOrCtrl+${n}` } : {}), command: `navigate:${route}` });
  return [
    ...(mac
      ? [
          {
            label: appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' as const },
              { role: 'services' },
              { type: 'separator' as const },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' as const },
              { role: 'quit' },
            ],
          },
        ]
      : []),
    { label: 'File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        ...(Object.keys(VIEWS) as ViewId[])
          .map((v) => ({ label: VIEWS[v].label, shortcut: viewShortcut(v), id: v }))
          // Views with a shortcut in its order, then the others in sidebar order.
          .sort((a, b) => (a.shortcut ?? 99) - (b.shortcut ?? 99))
          .map((v) => view(v.label, v.shortcut, v.id)),
        { type: 'separator' },
        { label: 'Refresh', accelerator: 'CmdOrCtrl+R', command: 'refresh' },
        { label: 'Search', accelerator: 'CmdOrCtrl+K', command: 'search' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
    { role: 'help', label: 'Help', submenu: [{ label: 'Podman documentation', command: 'open-docs' }] },
  ];
}
