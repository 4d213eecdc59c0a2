/** The app's TanStack Query client: retries only transient failures, no refetch on focus. */
import { QueryClient } from "@tanstack/react-query";
import { toAppError } from "./apiFailure";
import { isTransient } from "./errors";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // The Rust poller pushes changes as events; focusing the window should not cost requests
        // out of the 60/min budget.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
        retry: (failureCount, error) => failureCount < 2 && isTransient(toAppError(error)),
      },
      mutations: { retry: false },
    },
  });
}
