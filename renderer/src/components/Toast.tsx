/**
 * Notifications: `notify({ kind, title, detail })` from anywhere (no hook
 * needed). <Toaster/> (mounted once by the app shell) shows them in a live
 * region. With `system: true` (a long job finished) and the window hidden,
 * an OS notification is shown as well.
 */
import { create } from 'zustand';
import { describeError } from '../bridge/client';
import { IconButton } from './Button';
import { Icon } from './Icon';

export type ToastKind = 'info' | 'success' | 'error' | 'warning';

export interface ToastInput {
  kind?: ToastKind;
  title: string;
  detail?: string | undefined;
  hint?: string | undefined;
  /** ms before it goes away; 0 keeps it until closed. Default 5 s (errors: 10 s). */
  timeout?: number;
  /** Also show an OS notification when the window is hidden (for long jobs). */
  system?: boolean;
}

export interface Toast extends ToastInput {
  id: number;
  kind: ToastKind;
}

interface ToastState {
  toasts: Toast[];
  dismiss: (id: number) => void;
}

let nextId = 1;

export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

function showSystem(t: ToastInput): void {
  if (typeof document === 'undefined' || !document.hidden) return;
  if (typeof Notification === 'undefined') return;
  const show = () => {
    try {
      new Notification(t.title, { body: t.detail ?? '' });
    } catch {
      /* not available here */
    }
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}

/** Shows a toast; returns its id (for dismissToast). */
export function notify(input: ToastInput): number {
  const id = nextId++;
  const kind = input.kind ?? 'info';
  const toast: Toast = { ...input, id, kind };
  useToasts.setState((s) => ({ toasts: [...s.toasts.slice(-4), toast] }));
  const timeout = input.timeout ?? (kind === 'error' ? 10_000 : 5_000);
  if (timeout > 0) setTimeout(() => useToasts.getState().dismiss(id), timeout);
  if (input.system) showSystem(input);
  return id;
}

/** A failure as a toast, described in plain words (title override optional). */
export function notifyError(e: unknown, title?: string): number {
  const d = describeError(e);
  return notify({ kind: 'error', title: title ?? d.title, detail: title ? [d.title, d.detail].filter(Boolean).join(': ') : d.detail, hint: d.hint });
}

export function dismissToast(id: number): void {
  useToasts.getState().dismiss(id);
}

export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toaster" aria-label="Notifications" role="region">
      <div role="status" aria-live="polite" className="toaster-list">
        {toasts
          .filter((t) => t.kind !== 'error')
          .map((t) => (
            <ToastView key={t.id} t={t} onClose={() => dismiss(t.id)} />
          ))}
      </div>
      <div role="alert" aria-live="assertive" className="toaster-list">
        {toasts
          .filter((t) => t.kind === 'error')
          .map((t) => (
            <ToastView key={t.id} t={t} onClose={() => dismiss(t.id)} />
          ))}
      </div>
    </div>
  );
}

function ToastView({ t, onClose }: { t: Toast; onClose: () => void }) {
  return (
    <div className={`toast toast-${t.kind}`}>
      <Icon name={t.kind === 'success' ? 'check' : t.kind === 'info' ? 'info' : 'warning'} className="toast-icon" />
      <div className="toast-text">
        <strong>{t.title}</strong>
        {t.detail ? <div className="toast-detail">{t.detail}</div> : null}
        {t.hint ? <div className="toast-hint muted">{t.hint}</div> : null}
      </div>
      <IconButton label="Dismiss notification" icon="close" onClick={onClose} />
    </div>
  );
}
