export interface SparklineProps {
  /** Samples, oldest first. */
  values: number[];
  /** Accessible description, e.g. "CPU over the last minute, now 12%". */
  label: string;
  width?: number;
  height?: number;
  /** Fixed top of the scale (e.g. 100 for percent); default: max of values. */
  max?: number;
  color?: string;
}

/** A tiny SVG line chart (role="img"). */
export function Sparkline({ values, label, width = 160, height = 36, max, color = 'var(--chart)' }: SparklineProps) {
  const top = Math.max(max ?? 0, ...values, 1e-9);
  const n = values.length;
  const step = n > 1 ? width / (n - 1) : width;
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (Math.max(0, v) / top) * (height - 2)).toFixed(1)}`);
  const area = n > 1 ? `0,${height} ${pts.join(' ')} ${((n - 1) * step).toFixed(1)},${height}` : '';
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      {n > 1 ? (
        <>
          <polygon points={area} fill={color} opacity={0.15} />
          <polyline points={pts.join(' ')} fill="none" stroke={color} strokeWidth={1.5} strokeLinejoin="round" />
        </>
      ) : (
        <line x1={0} x2={width} y1={height - 1} y2={height - 1} stroke="var(--border)" />
      )}
    </svg>
  );
}
