import type { ReactNode } from 'react';

export type BadgeTone = 'success' | 'warning' | 'danger' | 'info' | 'neutral';

export function Badge({ tone = 'neutral', children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/** Colour for a container/pod state word (text is always shown too, colour is never the only cue). */
export function stateTone(state: string): BadgeTone {
  const s = state.toLowerCase();
  if (s === 'running' || s === 'healthy') return 'success';
  if (s === 'paused' || s === 'restarting' || s === 'degraded' || s === 'stopping' || s === 'removing') return 'warning';
  if (s === 'dead' || s === 'error' || s === 'unhealthy') return 'danger';
  if (s === 'created' || s === 'configured' || s === 'initialized') return 'info';
  return 'neutral';
}

export function StateBadge({ state, title }: { state: string; title?: string }) {
  return (
    <Badge tone={stateTone(state)} title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {state}
    </Badge>
  );
}

const HEALTH_TONE = { healthy: 'success', unhealthy: 'danger', starting: 'warning' } as const;

/** A health check's verdict, in words (never colour alone). */
export function HealthBadge({ health }: { health: keyof typeof HEALTH_TONE }) {
  return (
    <Badge tone={HEALTH_TONE[health]} title={`Health check: ${health}`}>
      {health}
    </Badge>
  );
}
