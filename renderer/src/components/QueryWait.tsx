/**
 * What a query shows while the engine has not answered. At once a progress
 * bar; after SLOW_MS it says it is waiting on the engine, for how long, and
 * offers Cancel (the person can also just leave: nothing else waits on it).
 * Cancelled, it says so and offers Try again.
 */
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ProgressBar } from './ProgressBar';

export const SLOW_MS = 2_000;

export function QueryWait({ label, queryKey, onRetry }: { label: string; queryKey: QueryKey; onRetry: () => void }) {
  const client = useQueryClient();
  const [since] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const [cancelled, setCancelled] = useState(false);
  useEffect(() => {
    if (cancelled) return;
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, [cancelled]);
  if (cancelled) {
    return (
      <div className="query-wait" role="status">
        <p>Cancelled: Berth stopped waiting for the engine.</p>
        <button
          type="button"
          className="btn btn-default btn-small"
          onClick={() => {
            setCancelled(false);
            onRetry();
          }}
        >
          Try again
        </button>
      </div>
    );
  }
  const waited = now - since;
  return (
    <div className="query-wait">
      <ProgressBar label={label} detail={waited >= SLOW_MS ? `Waiting for the engine… ${Math.round(waited / 1000)} s` : undefined} />
      {waited >= SLOW_MS ? (
        <div role="status" className="query-wait-slow">
          <span>The engine has not answered yet. It may be busy or stuck; other views keep working.</span>
          <button
            type="button"
            className="btn btn-default btn-small"
            onClick={() => {
              void client.cancelQueries({ queryKey });
              setCancelled(true);
            }}
          >
            Cancel
          </button>
        </div>
      ) : null}
    </div>
  );
}
