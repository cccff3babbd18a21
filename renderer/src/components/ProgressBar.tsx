export interface ProgressBarProps {
  /** Accessible name, e.g. "Pulling nginx". */
  label: string;
  /** 0..max; undefined shows an indeterminate bar. */
  value?: number | undefined;
  max?: number;
  /** Text under the bar, e.g. "12 MB of 40 MB". */
  detail?: string | undefined;
}

export function ProgressBar({ label, value, max = 100, detail }: ProgressBarProps) {
  const pct = value == null || max <= 0 ? undefined : Math.max(0, Math.min(100, (value / max) * 100));
  return (
    <div className="progress">
      <div
        className={pct == null ? 'progress-track indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value == null ? undefined : Math.min(value, max)}
        aria-valuetext={detail}
      >
        <div className="progress-fill" style={pct == null ? undefined : { width: `${pct}%` }} />
      </div>
      {detail ? <div className="progress-detail muted">{detail}</div> : null}
    </div>
  );
}
