import { createContext, useContext } from 'react';
import type { User } from '../api-types';

export interface AuthState {
  user: User;
  logout: () => Promise<void>;
}

export const AuthContext = createContext<AuthState | null>(null);

/** The signed-in user; only valid below the auth gate in App. */
export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth used outside a signed-in tree');
  return auth;
}
