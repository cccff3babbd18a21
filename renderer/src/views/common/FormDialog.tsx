/** A dialog around a form: its fields, the engine's failure under them, then Cancel and the submit button. */
import type { FormEvent, ReactNode } from 'react';
import { Button, Dialog, ErrorMessage, type ButtonProps, type DialogProps } from '../../components';

export interface FormDialogProps {
  title: string;
  /** e.g. "Create". */
  submitLabel: ReactNode;
  submitIcon?: ButtonProps['icon'];
  /** Default "Cancel". */
  cancelLabel?: ReactNode;
  size?: DialogProps['size'];
  /** While busy the dialog cannot be closed and the submit button shows progress. */
  busy: boolean;
  /** Shown under the fields (undefined: nothing). */
  failure: unknown;
  /** e.g. "Could not create the network". */
  failureTitle: string;
  onSubmit: (e: FormEvent) => void;
  onClose: () => void;
  children: ReactNode;
}

export function FormDialog({ title, submitLabel, submitIcon, cancelLabel = 'Cancel', size = 'medium', busy, failure, failureTitle, onSubmit, onClose, children }: FormDialogProps) {
  return (
    <Dialog
      open
      title={title}
      onClose={() => !busy && onClose()}
      onSubmit={onSubmit}
      size={size}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {cancelLabel}
          </Button>
          <Button type="submit" variant="primary" busy={busy} {...(submitIcon ? { icon: submitIcon } : {})}>
            {submitLabel}
          </Button>
        </>
      }
    >
      {children}
      {failure !== undefined ? <ErrorMessage error={failure} title={failureTitle} /> : null}
    </Dialog>
  );
}
