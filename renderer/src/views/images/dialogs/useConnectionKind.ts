import { useQuery } from '@tanstack/react-query';
import { bridge } from '../../../bridge/client';
import { useEnginesStore } from '../../../stores/engines';

/** Podman or Docker: the named engine's kind, else the primary connection's. */
export function useConnectionKind(engine?: string): 'podman' | 'docker' | undefined {
  const q = useQuery({ queryKey: ['system', 'connection'], queryFn: () => bridge.system.connection.query(), staleTime: 60_000 });
  const kind = useEnginesStore((s) => (engine ? s.list.find((e) => e.id === engine)?.kind : undefined));
  return kind ?? q.data?.kind;
}
