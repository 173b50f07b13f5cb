// Providers and the auth gate: restores the session from sessionStorage, shows the
// login page until there is a user, then the role's routes inside the layout.
import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes, useNavigate } from 'react-router-dom';
import { ApiError, setErrorReporter, showApiError, tokenStore, UNAUTHORIZED_EVENT } from './api';
import type { User } from './api-types';
import { AuthContext, type AuthState } from './auth/auth-context';
import { fetchMe, logout as endSession } from './auth/session';
import { AppLayout } from './components/AppLayout';
import LoginPage from './pages/LoginPage';
import { routesFor } from './routes';

const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

declare module '@tanstack/react-query' {
  interface Register {
    // meta.silent: the caller shows the error itself.
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

// 401s lead back to login (see api.ts); other failures are shown once, as a toast.
const report = (error: unknown, silent?: boolean) => {
  if (silent || (error instanceof ApiError && error.status === 401)) return;
  if (error instanceof DOMException && error.name === 'AbortError') return;
  showApiError(error);
};

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => report(error, query.meta?.silent) }),
  mutationCache: new MutationCache({
    onError: (error, _v, _c, mutation) => report(error, mutation.meta?.silent),
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

/** Routes antd message to the API client; must sit inside antd's <App>. */
function ErrorReporter() {
  const { message } = AntApp.useApp();
  const { t } = useTranslation();
  useEffect(() => {
    setErrorReporter((error) => {
      const text = error.status === 0 ? t('errors.network') : (error.detail ?? error.title);
      void message.error({ content: text, key: text });
    });
  }, [message, t]);
  return null;
}

type Session = { state: 'loading' } | { state: 'out' } | { state: 'in'; user: User };

function AuthGate() {
  const navigate = useNavigate();
  const [session, setSession] = useState<Session>(() =>
    tokenStore.get() ? { state: 'loading' } : { state: 'out' },
  );

  useEffect(() => {
    if (session.state !== 'loading') return;
    fetchMe()
      .then((user) => setSession({ state: 'in', user }))
      .catch(() => {
        tokenStore.clear();
        setSession({ state: 'out' });
      });
  }, [session.state]);

  useEffect(() => {
    const onUnauthorized = () => {
      queryClient.clear();
      setSession({ state: 'out' });
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  const logout = useCallback(async () => {
    await endSession().catch(() => undefined);
    // Another user may sign in next in this tab: forget everything cached.
    queryClient.clear();
    setSession({ state: 'out' });
    // The next user starts at their own overview, not at the last user's page.
    navigate('/', { replace: true });
  }, [navigate]);

  const user = session.state === 'in' ? session.user : null;
  const auth = useMemo<AuthState | null>(() => (user ? { user, logout } : null), [user, logout]);

  if (session.state === 'loading') return <Spin size="large" fullscreen />;
  if (!auth) return <LoginPage onSignedIn={(u) => setSession({ state: 'in', user: u })} />;

  return (
    <AuthContext.Provider value={auth}>
      <Routes>
        <Route element={<AppLayout />}>
          {routesFor(auth.user.role).map((r) => (
            <Route key={r.path} path={r.path} element={r.element} />
          ))}
          <Route
            path="*"
            element={
              <Suspense>
                <NotFoundPage />
              </Suspense>
            }
          />
        </Route>
      </Routes>
    </AuthContext.Provider>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#1677ff' } }}
    >
      <AntApp>
        <ErrorReporter />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthGate />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
