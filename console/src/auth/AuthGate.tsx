// Restores the session from sessionStorage, shows the login page until there is a
// user, then the user's role's routes inside the layout.
import { Spin } from 'antd';
import { lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { Route, Routes, useNavigate } from 'react-router-dom';
import { tokenStore, UNAUTHORIZED_EVENT } from '../api';
import type { User } from '../api-types';
import { AppLayout } from '../components/AppLayout';
import LoginPage from '../pages/LoginPage';
import { queryClient } from '../query-client';
import { routesFor } from '../routes';
import { AuthContext, type AuthState } from './auth-context';
import { fetchMe, logout as endSession } from './session';

const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));

type Session = { state: 'loading' } | { state: 'out' } | { state: 'in'; user: User };

export function AuthGate() {
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
    // The URL is kept, so signing in again returns to the same page.
    const onUnauthorized = () => {
      queryClient.clear();
      setSession({ state: 'out' });
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);

  const logout = useCallback(async () => {
    await endSession().catch(() => undefined);
    // Another user may sign in next in this tab: forget everything cached,
    // and start them at their own overview rather than at this user's page.
    queryClient.clear();
    setSession({ state: 'out' });
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
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AuthContext.Provider>
  );
}
