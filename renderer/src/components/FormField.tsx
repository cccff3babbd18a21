import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { SelectOptions } from './SelectOptions';

interface FieldBase {
  label: string;
  /** A message shown under the field; sets aria-invalid. */
  error?: string | undefined;
  /** Help text under the field. */
  hint?: ReactNode;
}

function describedBy(errorId: string, hintId: string, error?: string, hint?: ReactNode): string | undefined {
  return [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
}

/** The ids that tie a control to its label, hint and error (for FieldShell), and the attributes the control carries. */
function useFieldIds(error: string | undefined, hint: ReactNode) {
  const id = useId();
  const errorId = `${id}-err`;
  const hintId = `${id}-hint`;
  return {
    ids: { id, errorId, hintId },
    control: { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(errorId, hintId, error, hint) },
  };
}

function FieldShell({ id, label, error, hint, errorId, hintId, children, required }: FieldBase & { id: string; errorId: string; hintId: string; children: ReactNode; required?: boolean | undefined }) {
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id} className="field-label">
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {children}
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={errorId} className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

export type TextFieldProps = FieldBase & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>;

export function TextField({ label, error, hint, required, ...rest }: TextFieldProps) {
  const { ids, control } = useFieldIds(error, hint);
  return (
    <FieldShell {...ids} label={label} error={error} hint={hint} required={required}>
      <input className="input" {...control} aria-required={required || undefined} spellCheck={false} autoComplete="off" {...rest} />
    </FieldShell>
  );
}

export type TextAreaFieldProps = FieldBase & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>;

export function TextAreaField({ label, error, hint, required, rows = 3, ...rest }: TextAreaFieldProps) {
  const { ids, control } = useFieldIds(error, hint);
  return (
    <FieldShell {...ids} label={label} error={error} hint={hint} required={required}>
      <textarea className="input textarea" rows={rows} {...control} aria-required={required || undefined} spellCheck={false} {...rest} />
    </FieldShell>
  );
}

export type SelectFieldProps = FieldBase & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & { options: { value: string; label: string }[] };

export function SelectField({ label, error, hint, options, ...rest }: SelectFieldProps) {
  const { ids, control } = useFieldIds(error, hint);
  return (
    <FieldShell {...ids} label={label} error={error} hint={hint}>
      <select className="input select" {...control} {...rest}>
        <SelectOptions options={options} />
      </select>
    </FieldShell>
  );
}

export interface CheckboxFieldProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  disabled?: boolean;
}

export function CheckboxField({ label, checked, onChange, hint, disabled }: CheckboxFieldProps) {
  const id = useId();
  return (
    <div className="field checkbox-field">
      <div className="checkbox-row">
        <input id={id} type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint ? (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      ) : null}
    </div>
  );
}
