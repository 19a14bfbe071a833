import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router';
import { useAuthStore } from '../stores/auth';

/**
 * Every /admin screen: signed out → sign-in with `next` set to where the user
 * was going; a role too low for the screen → the live orders board, which
 * every role may see.
 */
export async function guardAdmin(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore();
  await auth.load();
  if (auth.status !== 'signedIn') return { name: 'admin-sign-in', query: { next: to.fullPath } };
  const minRole = to.meta.minRole;
  if (minRole && !auth.can(minRole)) return { name: 'admin-orders' };
  return true;
}

/** The sign-in page of someone already signed in goes straight on. */
export async function guardSignIn(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore();
  await auth.load().catch(() => undefined);
  if (auth.status === 'signedIn') return safeNext(to.query.next);
  return true;
}

/** Only our own /admin paths are followed after sign-in: `?next=https://evil.example` is not. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/admin') && !next.startsWith('//') ? next : '/admin';
}
