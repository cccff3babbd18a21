/**
 * The form that starts a pull, build or push. It only checks its fields and
 * hands over: the job itself shows its progress and failure in JobDialog, so
 * this form is never busy and has no failure of its own.
 */
import type { FormEvent, ReactNode } from 'react';
import type { ButtonProps } from '../../../components';
import { FormDialog } from '../../common/FormDialog';

export interface StartJobDialogProps {
  title: string;
  submitLabel: string;
  submitIcon?: ButtonProps['icon'];
  onSubmit: (e: FormEvent) => void;
  onClose: () => void;
  children: ReactNode;
}

export function StartJobDialog({ title, submitLabel, submitIcon, onSubmit, onClose, children }: StartJobDialogProps) {
  return (
    <FormDialog title={title} submitLabel={submitLabel} {...(submitIcon ? { submitIcon } : {})} busy={false} failure={undefined} failureTitle="" onSubmit={onSubmit} onClose={onClose}>
      {children}
    </FormDialog>
  );
}
