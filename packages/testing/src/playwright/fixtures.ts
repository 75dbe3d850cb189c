import {
  createTestTenant,
  type CreateTestTenantOptions,
  type CreateTestUserOptions,
  type TestTenant,
  type TestUser,
} from '../tenant'
import type { SignedInSession, SignInAsOptions, UserRef } from '../sign-in-as'
import { addVirtualAuthenticator, type VirtualAuthenticator } from './authenticator'
import { signIn, type SignInPlacement } from './sign-in'
import type { PageLike } from './types'

/** Worker fixtures of {@link helloJohnFixtures}. */
export interface HelloJohnWorkerFixtures {
  /** This worker's own tenant (created once per worker, deleted at the end). */
  helloJohnTenant: TestTenant
}

/** Test fixtures of {@link helloJohnFixtures}. */
export interface HelloJohnFixtures {
  /** Creates a user in the worker's tenant. */
  createUser: (options?: CreateTestUserOptions) => Promise<TestUser>
  /** Signs a user in for this test's `page` before it navigates (see `signIn`). */
  signInAs: (
    user: UserRef | TestUser,
    options?: SignInAsOptions & SignInPlacement,
  ) => Promise<SignedInSession>
  /** Adds a virtual passkey authenticator to this test's `page`. */
  authenticator: () => Promise<VirtualAuthenticator>
}

type Use<T> = (value: T) => Promise<void>

/**
 * Fixtures for `test.extend`: a tenant per worker (parallel workers never share users, sessions or limits),
 * and per-test `createUser`, `signInAs` and `authenticator`. Works with `@playwright/test`'s `test`.
 *
 * @example
 * ```ts
 * import { test as base, expect } from '@playwright/test'
 * import { helloJohnFixtures, type HelloJohnFixtures, type HelloJohnWorkerFixtures } from '@hellojohn/testing/playwright'
 *
 * export const test = base.extend<HelloJohnFixtures, HelloJohnWorkerFixtures>(helloJohnFixtures({ baseUrl: 'http://localhost:3000' }))
 *
 * test('signed in', async ({ page, createUser, signInAs }) => {
 *   const user = await createUser()
 *   await signInAs(user)
 *   await page.goto('/')
 * })
 * ```
 */
export function helloJohnFixtures(options: CreateTestTenantOptions) {
  return {
    /** One tenant per worker, deleted when the worker ends. */
    helloJohnTenant: [
      // Playwright reads the fixtures a function needs from its first parameter: it must be a destructuring
      // pattern.
      // eslint-disable-next-line no-empty-pattern
      async ({}, use: Use<TestTenant>): Promise<void> => {
        const tenant = await createTestTenant(options)
        try {
          await use(tenant)
        } finally {
          await tenant.dispose()
        }
      },
      { scope: 'worker' },
    ] as [(args: object, use: Use<TestTenant>) => Promise<void>, { scope: 'worker' }],
    /** `createUser` on the worker's tenant. */
    createUser: async (
      { helloJohnTenant }: HelloJohnWorkerFixtures,
      use: Use<HelloJohnFixtures['createUser']>,
    ): Promise<void> => {
      await use((o) => helloJohnTenant.createUser(o))
    },
    /** Signs a user of the worker's tenant in for this test's page (see `signIn`). */
    signInAs: async (
      { page, helloJohnTenant }: { page: PageLike } & HelloJohnWorkerFixtures,
      use: Use<HelloJohnFixtures['signInAs']>,
    ): Promise<void> => {
      await use((user, o = {}) =>
        signIn(page, {
          ...o,
          tenant: helloJohnTenant,
          user: 'id' in user && typeof user.id === 'string' ? { userId: user.id } : (user as UserRef),
        }),
      )
    },
    /** Adds virtual passkey authenticators to this test's page; removed after the test. */
    authenticator: async (
      { page }: { page: PageLike },
      use: Use<HelloJohnFixtures['authenticator']>,
    ): Promise<void> => {
      const added: VirtualAuthenticator[] = []
      await use(async () => {
        const a = await addVirtualAuthenticator(page)
        added.push(a)
        return a
      })
      for (const a of added) await a.remove().catch(() => {})
    },
  }
}
