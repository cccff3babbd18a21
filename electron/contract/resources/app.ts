/** The app itself: menu and tray commands for the UI, and the tray as data. */
import { z } from 'zod';
import { mutation, stream } from '../call.js';

/** Commands the main side sends the UI (application menu, tray). */
export type AppCommand = { kind: 'navigate'; route: string } | { kind: 'refresh' } | { kind: 'search' };

/** The tray's state and menu as data: the desktop tray draws it natively, serve mode in its header. */
export type TrayIconState = 'running' | 'starting' | 'stopped' | 'error';

/** What a click asks for; the wiring carries it out. */
export type TrayAction =
  | { kind: 'open' }
  | { kind: 'hide' }
  | { kind: 'quit' }
  | { kind: 'navigate'; route: string }
  | { kind: 'container'; operation: 'stop' | 'restart' | 'logs'; engine: string; id: string }
  | { kind: 'target'; operation: 'start' | 'stop'; target: 'engine' | 'machine'; id: string }
  | { kind: 'toggle-close-to-tray'; value: boolean };

export interface TrayMenuItem {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  checked?: boolean;
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  items: TrayMenuItem[];
}

/** What a file is for: the main side picks the dialog's title and filters (the renderer cannot set them). */
export const PICK_PURPOSES = ['compose-file', 'env-file'] as const;
export const PickFileInput = z.strictObject({ purpose: z.enum(PICK_PURPOSES) });
export type PickPurpose = (typeof PICK_PURPOSES)[number];
/** `native: false`: no native picker here (serve mode): browse the host with `compose.browse`. */
export interface PickFileResult {
  native: boolean;
  path?: string | undefined;
}

export const appCalls = {
  /** Menu and tray commands for the UI (none in serve mode). */
  commands: stream().returns<AppCommand>({ immediate: true }),
  /** The tray's state and menu (serve mode shows it in the header). */
  tray: stream().returns<TrayView>({ immediate: true }),
  /** The OS's own file picker (Electron), one at a time; cancelled: no path. */
  pickFile: mutation(PickFileInput).returns<PickFileResult>(),
};
