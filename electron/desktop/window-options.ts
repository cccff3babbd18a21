/**
 * The main window's options, built in one place so tests can check every
 * security-relevant setting (Electron's security checklist).
 */
export interface WindowOptionsInput {
  preloadPath: string;
  iconPath?: string | undefined;
  dark: boolean;
  /** A packaged build (app.isPackaged): no DevTools, so no one at a borrowed desktop gets a console into the bridge. */
  packaged: boolean;
}

export function mainWindowOptions(input: WindowOptionsInput) {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Berth',
    backgroundColor: input.dark ? '#1e1f22' : '#ffffff',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: !input.packaged,
    },
  } as const;
}

/** The app's own origin: content comes from this custom protocol only. */
export const APP_SCHEME = 'berth';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Exact origin match; a prefix check would let berth://app.evil.com through. */
export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * URLs we hand to the OS browser: http(s) only, no credentials, and only
 * local published ports or our known docs hosts.
 */
const DOC_HOSTS = new Set(['podman.io', 'docs.podman.io', 'github.com', 'docs.docker.com']);

export function isSafeExternalUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  // A published port on this machine (port 80/443 show as no port: the URL parser drops defaults).
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1') return true;
  return u.protocol === 'https:' && DOC_HOSTS.has(host);
}
