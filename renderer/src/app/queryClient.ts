import { QueryClient } from '@tanstack/react-query';
import { engineError } from '../bridge/client';

/**
 * Retry once, and only a failure of the bridge itself (a dropped WebSocket).
 * An engine's answer (not found, refused, a timeout) would be the same again:
 * retrying a timeout only doubles the wait before the person sees it.
 */
export function shouldRetry(failures: number, error: unknown): boolean {
  return failures < 1 && engineError(error) === undefined;
}

/** Request/response data (inspect, disk usage, kube YAML …). No polling: refetch on demand or on resync. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 5_000 },
  },
});
