import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from './Button';
import { ErrorMessage } from './ErrorMessage';

export interface DialogProps {
  /** Rendered when true; closing calls onClose (Escape, Cancel, the backdrop is inert). */
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom (right aligned). */
  footer?: ReactNode;
  /** Wrap the body in a <form>; Enter submits. */
  onSubmit?: (e: FormEvent<HTMLFormElement>) => void;
  size?: 'small' | 'medium' | 'large';
  /** role="alertdialog" for confirmations. */
  alert?: boolean;
  /** Extra description id, e.g. the "what is lost" text. */
  describedBy?: string;
}

/**
 * A modal dialog on the native <dialog> element (showModal): the browser
 * traps focus and makes the rest inert; Escape closes; focus returns to
 * where it was. Put `autoFocus` on the element that should get focus first.
 */
export function Dialog({ open, title, onClose, children, footer, onSubmit, size = 'medium', alert, describedBy }: DialogProps) {
  if (!open) return null;
  return (
    <DialogInner title={title} onClose={onClose} footer={footer} onSubmit={onSubmit} size={size} alert={alert} describedBy={describedBy}>
      {children}
    </DialogInner>
  );
}

function DialogInner({ title, onClose, children, footer, onSubmit, size, alert, describedBy }: Omit<DialogProps, 'open'>) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const dlg = ref.current;
    if (!dlg) return;
    const previous = document.activeElement as HTMLElement | null;
    if (!dlg.open) dlg.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      closeRef.current();
    };
    dlg.addEventListener('cancel', onCancel);
    return () => {
      dlg.removeEventListener('cancel', onCancel);
      if (dlg.open) dlg.close();
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);

  const body = (
    <>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
      </header>
      <div className="dialog-body">{children}</div>
      {footer ? <footer className="dialog-footer">{footer}</footer> : null}
    </>
  );
  return (
    <dialog ref={ref} className={`dialog dialog-${size}`} role={alert ? 'alertdialog' : undefined} aria-modal="true" aria-labelledby={titleId} aria-describedby={describedBy}>
      {onSubmit ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit(e);
          }}
        >
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}

export interface ConfirmDialogProps {
  open: boolean;
  /** e.g. "Remove container web?" */
  title: string;
  /** What is lost, in plain words. */
  message: ReactNode;
  /** e.g. "Remove". */
  confirmLabel: string;
  danger?: boolean;
  /** An optional choice, e.g. { label: 'Also remove named volumes' }. */
  checkbox?: { label: string; defaultChecked?: boolean } | undefined;
  /** Runs the action. A thrown error is shown inside the dialog (it stays open). */
  onConfirm: (checked: boolean) => unknown | Promise<unknown>;
  onCancel: () => void;
}

/** Asks before destructive work; says what is lost; shows the failure in place. */
export function ConfirmDialog({ open, title, message, confirmLabel, danger = true, checkbox, onConfirm, onCancel }: ConfirmDialogProps) {
  const [checked, setChecked] = useState(!!checkbox?.defaultChecked);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const msgId = useId();
  const boxId = useId();

  useEffect(() => {
    if (open) {
      setChecked(!!checkbox?.defaultChecked);
      setBusy(false);
      setError(undefined);
    }
  }, [open, checkbox?.defaultChecked]);

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm(checked);
      setBusy(false);
    } catch (e) {
      setBusy(false);
      setError(e);
    }
  };

  return (
    <Dialog
      open={open}
      title={title}
      onClose={() => !busy && onCancel()}
      alert
      size="small"
      describedBy={msgId}
      footer={
        <>
          <Button onClick={onCancel} disabled={busy} autoFocus>
            Cancel
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} onClick={() => void confirm()} busy={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div id={msgId} className="confirm-message">
        {message}
      </div>
      {checkbox ? (
        <div className="checkbox-row">
          <input id={boxId} type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} disabled={busy} />
          <label htmlFor={boxId}>{checkbox.label}</label>
        </div>
      ) : null}
      {error !== undefined ? <ErrorMessage error={error} /> : null}
    </Dialog>
  );
}
