// Session calls: the token lives in sessionStorage so it ends with the tab.
import { api, tokenStore } from '../api';
import type { LoginResponse, User } from '../api-types';

export async function login(login: string, password: string): Promise<User> {
  const res = await api<LoginResponse>('/v1/auth/login', { method: 'POST', body: { login, password } });
  tokenStore.set(res.token);
  return res.user;
}

export async function fetchMe(): Promise<User> {
  // user is null when the token is an API key rather than a console session.
  const res = await api<{ user: User | null }>('/v1/auth/me');
  if (!res.user) throw new Error('not a console session');
  return res.user;
}

export async function logout(): Promise<void> {
  try {
    await api<void>('/v1/auth/logout', { method: 'POST' });
  } finally {
    // Leave locally even if the server call fails: the user asked to go.
    tokenStore.clear();
  }
}
