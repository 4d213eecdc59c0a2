/** The app's TanStack Query client: no retries of its own, no refetch on focus. */
import { QueryClient } from "@tanstack/react-query";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The Rust poller pushes changes as events; focusing the window should not cost requests
        // out of the 60/min budget.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
        // The core already retries idempotent reads (network errors, timeouts, 5xx) with backoff
        // under the rate limiter. Retrying again here multiplied that (up to 9 requests for one
        // screen during an outage) and kept the user waiting ~10 s before saying anything; the
        // fault matrix (docs/RELIABILITY.md) measures this.
        retry: false,
      },
      mutations: { retry: false },
    },
  });
}
