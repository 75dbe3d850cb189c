import type { Context } from '../context'

/**
 * `hj.auth.signOut()`: revokes the session on the server when there is one (best effort: offline, it still
 * signs out here) and clears the local session. Part of the startup code (not the lazy auth chunk), so
 * signing out works even when the network is gone and the rest of `hj.auth` was never loaded.
 *
 * @example
 * ```ts
 * await signOut(ctx) // what hj.auth.signOut() runs
 * ```
 */
export async function signOut({ api, session }: Context): Promise<void> {
  if (session.currentToken()) await api.POST('/v1/auth/sign-out').catch(() => undefined)
  await session.clear() // also drops OAuth sign-ins started here and never finished
}
