import { loginBodySchema, meSchema, roleAtLeast, type Me, type StaffRole } from '@tableside/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { z } from 'zod';
import { ApiError, NetworkError, adminRequest, whenUnauthenticated } from '../api';

/**
 * Who is signed in to the owner app. The session itself is the server's
 * HttpOnly cookie, so a reload asks `GET /me` again; a 401 from any request
 * clears the user and the router guard sends them to sign-in, with the page
 * they were on as `?next=` so they come back to it.
 */
export const useAuthStore = defineStore('admin-auth', () => {
  const me = ref<Me | null>(null);
  /** 'unknown' until the first `GET /me` has answered. */
  const status = ref<'unknown' | 'signedIn' | 'signedOut'>('unknown');
  let loading: Promise<void> | undefined;

  const user = computed(() => me.value?.user ?? null);
  const restaurant = computed(() => me.value?.restaurant ?? null);

  function signedOut(): void {
    me.value = null;
    status.value = 'signedOut';
  }

  /** Asks the server once who we are (the router guard awaits it before the first admin page). */
  function load(): Promise<void> {
    loading ??= adminRequest('/me', meSchema)
      .then(({ data }) => {
        me.value = data;
        status.value = 'signedIn';
      })
      .catch((error: unknown) => {
        loading = undefined;
        signedOut();
        if (!(error instanceof Error && 'status' in error && error.status === 401)) throw error;
      });
    return loading;
  }

  /**
   * Asks `GET /me` again now, whatever `load()` remembers: the staff socket
   * calls it when its handshake is refused, and a 401 signs this tab out.
   */
  async function verify(): Promise<void> {
    try {
      const { data } = await adminRequest('/me', meSchema);
      me.value = data;
    } catch (error) {
      // A 401 has signed this tab out already (whenUnauthenticated); no answer at all says nothing about the session.
      if (!(error instanceof NetworkError || error instanceof ApiError)) throw error;
    }
  }

  async function signIn(email: string, password: string): Promise<void> {
    const body = loginBodySchema.parse({ email, password });
    const { data } = await adminRequest('/login', meSchema, { method: 'POST', body });
    me.value = data;
    status.value = 'signedIn';
    loading = Promise.resolve();
  }

  async function signOut(): Promise<void> {
    try {
      await adminRequest('/logout', z.undefined(), { method: 'POST' });
    } finally {
      loading = undefined;
      signedOut();
    }
  }

  /** Whether the signed-in user's role is at least `minimum` (screens and buttons hide what the API would refuse). */
  function can(minimum: StaffRole): boolean {
    return user.value !== null && roleAtLeast(user.value.role, minimum);
  }

  /** A 401 anywhere: the session expired or was revoked. */
  whenUnauthenticated(() => {
    loading = undefined;
    signedOut();
  });

  return { me, user, restaurant, status, load, verify, signIn, signOut, can };
});
