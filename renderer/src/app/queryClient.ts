import { QueryClient } from '@tanstack/react-query';

/** Request/response data (inspect, disk usage, kube YAML …). No polling: refetch on demand or on resync. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 },
  },
});
