/** Which compose tool a run will use, and its version; or that none is installed and how to install one. */
import { useQuery } from '@tanstack/react-query';
import { bridge } from '../../bridge/client';
import { ErrorMessage } from '../../components';
import { useSettings } from '../../stores/settings';

export const providersKey = (engine: string | undefined, preferred: string) => ['compose', 'providers', engine ?? '', preferred] as const;

export function useProviders(engine: string | undefined) {
  const preferred = useSettings((s) => s.composeProvider);
  return useQuery({
    queryKey: providersKey(engine, preferred),
    queryFn: ({ signal }) => bridge.compose.providers.query({ ...(engine ? { engine } : {}), ...(preferred ? { provider: preferred } : {}) }, { signal }),
    staleTime: 60_000,
  });
}

export function ProviderLine({ engine }: { engine: string | undefined }) {
  const q = useProviders(engine);
  const preferred = useSettings((s) => s.composeProvider);
  if (q.error) return <ErrorMessage error={q.error} title="Could not look for a compose tool" compact />;
  if (!q.data) return <div className="muted compose-provider">Looking for a compose tool…</div>;
  const p = q.data.chosen;
  if (!p) {
    return (
      <ErrorMessage
        described={{ title: 'No compose tool is installed', detail: 'Berth runs docker compose, docker-compose, podman compose or podman-compose; none was found.', hint: q.data.advice }}
        compact
      />
    );
  }
  return (
    <div className="muted compose-provider" role="note">
      Runs with <strong>{p.label}</strong>
      {p.version ? ` ${p.version}` : ''}
      {preferred && p.id !== preferred ? ' (the tool chosen in Settings is not available for this engine)' : ''}
    </div>
  );
}
