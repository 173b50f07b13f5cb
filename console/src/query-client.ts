// The one QueryClient: retry policy and where failed requests get reported.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, showApiError } from './api';

declare module '@tanstack/react-query' {
  interface Register {
    // meta.silent: the caller shows the error itself (e.g. the login form).
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

// 401s lead back to login (see api.ts); other failures are shown once, as a toast.
function report(error: unknown, silent?: boolean): void {
  if (silent || (error instanceof ApiError && error.status === 401)) return;
  if (error instanceof DOMException && error.name === 'AbortError') return;
  showApiError(error);
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => report(error, query.meta?.silent) }),
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) => report(error, mutation.meta?.silent),
  }),
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      // A 4xx will not change on retry; network blips and 5xx get two more tries.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});
