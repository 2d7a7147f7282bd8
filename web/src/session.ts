// The signed-in user and token, kept in sessionStorage so a reload stays signed in (the token
// dies with the tab; the server ends it after 15 minutes idle anyway).
import { api, setToken } from './api';
import type { SignInAnswer, User } from './types';

const storageKey = 'vigil.session';

export interface Session {
  token: string;
  user: User;
}

export function loadSession(): Session | null {
  const text = sessionStorage.getItem(storageKey);
  if (!text) return null;
  try {
    const session = JSON.parse(text) as Session;
    setToken(session.token);
    return session;
  } catch {
    return null;
  }
}

export async function signIn(name: string, password: string): Promise<Session> {
  const answer = await api<SignInAnswer>('POST', '/auth/sign-in', { name, password });
  const session = { token: answer.token, user: answer.user };
  sessionStorage.setItem(storageKey, JSON.stringify(session));
  setToken(session.token);
  return session;
}

export function forgetSession(): void {
  sessionStorage.removeItem(storageKey);
  setToken('');
}

export async function signOut(): Promise<void> {
  try {
    await api('POST', '/auth/sign-out');
  } catch {
    // The session may already have ended; signing out locally is enough.
  }
  forgetSession();
}
