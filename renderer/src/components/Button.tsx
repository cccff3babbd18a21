import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { Icon, type IconSpec } from './Icon';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
  icon?: IconSpec;
  /** Shows a spinner and disables the button while work runs. */
  busy?: boolean;
  children?: ReactNode;
}

/** A real <button> (type="button" unless told otherwise). */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button({ variant = 'default', size = 'normal', icon, busy, className, children, disabled, type, ...rest }, ref) {
  const cls = ['btn', `btn-${variant}`, size === 'small' ? 'btn-small' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button ref={ref} type={type ?? 'button'} className={cls} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {busy ? <span className="spinner" aria-hidden="true" /> : icon ? <Icon name={icon} size={14} /> : null}
      {children}
    </button>
  );
});

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  /** The accessible name (also the tooltip), e.g. "Stop web". */
  label: string;
  icon: IconSpec;
  variant?: ButtonVariant;
  busy?: boolean;
}

/** An icon-only button: `label` becomes aria-label and title. */
export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton({ label, icon, variant = 'ghost', busy, className, disabled, type, ...rest }, ref) {
  return (
    <button
      ref={ref}
      type={type ?? 'button'}
      className={['btn', 'btn-icon', `btn-${variant}`, className ?? ''].filter(Boolean).join(' ')}
      aria-label={label}
      title={label}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name={icon} size={14} />}
    </button>
  );
});
