// The web client's data layer: one TanStack Query client for the whole app. Pages read with
// useQuery over api() (passing the query's signal, so leaving a page or signing out cancels
// what is in flight) and write with useMutation, invalidating the keys they change. A failed
// load lands in the query's error state (shown with errorMessage), never in an unhandled rejection.
import { QueryClient } from '@tanstack/react-query';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Same behaviour as before the data layer: one request per load, shown as it answers.
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}

/** The app's client (one per page load). */
export const queryClient = createQueryClient();
