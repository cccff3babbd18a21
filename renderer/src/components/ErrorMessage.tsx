import type { ReactNode } from 'react';
import { describeError } from '../bridge/client';
import { Icon } from './Icon';

/** A failure in the user's words: what failed, the engine's own message, what to do. */
export type DescribedError = ReturnType<typeof describeError>;

interface ErrorMessageCommon {
  /** Overrides the described title, e.g. "Could not start web". */
  title?: string;
  /** Shows a "Try again" button. */
  onRetry?: () => void;
  /** Extra content under the hint. */
  children?: ReactNode;
  compact?: boolean;
}

export type ErrorMessageProps = ErrorMessageCommon &
  (
    | {
        /** Any failure: a tRPC error, an Error, or a string. Described with describeError. */
        error: unknown;
      }
    | {
        /** A failure already described, e.g. kept from a stream's error event. */
        described: DescribedError;
      }
  );

/** A failure in plain words: title, the engine's own message, and a hint. role="alert". */
export function ErrorMessage(props: ErrorMessageProps) {
  const { title, onRetry, children, compact } = props;
  const d = 'described' in props ? props.described : describeError(props.error);
  return (
    <div className={compact ? 'error-message compact' : 'error-message'} role="alert">
      <Icon name="warning" className="error-icon" />
      <div className="error-text">
        <strong className="error-title">{title ?? d.title}</strong>
        {title && title !== d.title ? <div className="error-detail">{d.title}</div> : null}
        {d.detail ? (
          <div className="error-detail">
            Engine said: <span className="mono">{d.detail}</span>
          </div>
        ) : null}
        {d.hint ? <div className="error-hint">{d.hint}</div> : null}
        {children}
        {onRetry ? (
          <button type="button" className="btn btn-small btn-default error-retry" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </div>
    </div>
  );
}
