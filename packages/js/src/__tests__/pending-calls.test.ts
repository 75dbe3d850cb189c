import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest'
import {
  HelloJohnApiError,
  HelloJohnError,
  isHelloJohnError,
  type HelloJohnAuth,
  type HelloJohnMe,
  type HelloJohnMfa,
  type HelloJohnOrganizations,
} from '@hellojohn/js'
import {
  AUTH_METHODS,
  MFA_METHODS,
  ORGANIZATION_METHODS,
  USER_METHODS,
  createPendingCalls,
  type PendingCalls,
  type PendingCallsSnapshot,
} from '@hellojohn/js/internal'
import type { Context } from '../context'
import { createMe, createOrganizations } from '../me'
import { ME_METHODS } from '../method-names'
import { BOB_SECRET, PASSWORD, client, totp, useMock } from './mock'

useMock()

/** A promise settled from outside, so a test decides the order in which concurrent calls finish. */
function deferred() {
  let resolve!: (value: string) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<string>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/**
 * A target whose `run()` calls each return the next deferred, and a `fail(value)` that rejects with `value`.
 */
function target() {
  const calls: ReturnType<typeof deferred>[] = []
  return {
    calls,
    run(): Promise<string> {
      const d = deferred()
      calls.push(d)
      return d.promise
    },
    async fail(value: unknown): Promise<string> {
      throw value
    },
    throwSync(value: unknown): Promise<string> {
      throw value
    },
  }
}

/** Resolves once no call is in flight (with the snapshot then). */
const idle = <T, K extends keyof T>(calls: PendingCalls<T, K>): Promise<PendingCallsSnapshot> =>
  new Promise((resolve) => {
    if (!calls.getSnapshot().isSubmitting) return resolve(calls.getSnapshot())
    const off = calls.subscribe((s) => {
      if (s.isSubmitting) return
      off()
      resolve(s)
    })
  })

/** One full turn of the event loop: Node reports unhandled rejections after the microtask queue drains. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('createPendingCalls', () => {
  it('keeps isSubmitting true until the last of concurrent calls settles; snapshots are frozen and stable', async () => {
    const t = target()
    const calls = createPendingCalls(t, ['run'])
    const seen: PendingCallsSnapshot[] = []
    calls.subscribe((s) => seen.push(s))
    const initial = calls.getSnapshot()
    expect(initial).toEqual({ isSubmitting: false, error: null })
    expect(Object.isFrozen(initial)).toBe(true)

    const first = calls.methods.run()
    const second = calls.methods.run()
    const busy = calls.getSnapshot()
    expect(busy).toEqual({ isSubmitting: true, error: null })
    expect(calls.getSnapshot()).toBe(busy) // same object until it changes
    expect(seen).toEqual([busy]) // the second start changed nothing: no second notification

    await Promise.resolve() // the target is called in a then(): let it run
    expect(t.calls).toHaveLength(2)
    t.calls[1]!.resolve('two')
    await expect(second).resolves.toBe('two')
    expect(calls.getSnapshot()).toBe(busy) // still one call in flight
    t.calls[0]!.resolve('one')
    await expect(first).resolves.toBe('one')
    expect(calls.getSnapshot()).toEqual({ isSubmitting: false, error: null })
    expect(seen.map((s) => s.isSubmitting)).toEqual([true, false])
    expect(seen.every((s) => Object.isFrozen(s))).toBe(true)
  })

  it('stops notifying after unsubscribe, and keeps the stores of two wrappers apart', async () => {
    const t = target()
    const a = createPendingCalls(t, ['run'])
    const b = createPendingCalls(t, ['run'])
    const seen: boolean[] = []
    const off = a.subscribe((s) => seen.push(s.isSubmitting))
    void a.methods.run()
    expect(b.getSnapshot().isSubmitting).toBe(false)
    off()
    await Promise.resolve()
    t.calls[0]!.resolve('done')
    await idle(a)
    expect(seen).toEqual([true])
  })

  it('a failed call sets error; the next call clears it when it starts; a success leaves no error', async () => {
    const hj = client()
    const auth = createPendingCalls(hj.auth, AUTH_METHODS)
    const wrong = auth.methods.signIn({ email: 'alice@example.com', password: 'not-the-password' })
    const failure = await wrong.catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(HelloJohnApiError)
    expect(auth.getSnapshot()).toEqual({ isSubmitting: false, error: failure })

    const right = auth.methods.signIn({ email: 'alice@example.com', password: PASSWORD })
    expect(auth.getSnapshot()).toEqual({ isSubmitting: true, error: null }) // cleared synchronously, at the start
    expect((await right).status).toBe('complete')
    expect(auth.getSnapshot()).toEqual({ isSubmitting: false, error: null })
    expect(hj.session.getSnapshot().status).toBe('signed_in')
  })

  it('normalises non-HelloJohn failures (rejections, synchronous throws, odd values) into unexpected_error', async () => {
    const t = target()
    const calls = createPendingCalls(t, ['fail', 'throwSync'])
    const boom = new TypeError('boom')
    const cases: [unknown, string][] = [
      [boom, 'boom'],
      ['plain string', 'plain string'],
      [42, '42'],
      [Object.create(null), 'The call failed with a value that is not an Error (see error.cause).'],
    ]
    for (const [value, message] of cases) {
      for (const method of ['fail', 'throwSync'] as const) {
        const e = await calls.methods[method](value).catch((x: unknown) => x)
        expect(isHelloJohnError(e, 'unexpected_error'), `${method}(${message})`).toBe(true)
        expect(e).toBeInstanceOf(HelloJohnError)
        expect((e as HelloJohnError).message).toBe(message)
        expect((e as HelloJohnError).cause).toBe(value)
        expect(calls.getSnapshot()).toEqual({ isSubmitting: false, error: e })
      }
    }
  })

  it('hands a HelloJohnError through unchanged, to the awaiter and to error alike', async () => {
    const calls = createPendingCalls(target(), ['fail'])
    const original = new HelloJohnError('invalid_argument', 'signIn() needs an email.')
    await expect(calls.methods.fail(original)).rejects.toBe(original)
    expect(calls.getSnapshot().error).toBe(original)
  })

  describe('fire-and-forget', () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason)
    beforeEach(() => void process.on('unhandledRejection', onUnhandled))
    afterEach(() => {
      process.off('unhandledRejection', onUnhandled)
      unhandled.length = 0
    })

    it('a failed call nobody awaits raises no unhandled rejection: the failure shows in error', async () => {
      const calls = createPendingCalls(target(), ['fail', 'throwSync'])
      void calls.methods.fail(new Error('nobody listens'))
      const afterRejection = await idle(calls)
      void calls.methods.throwSync('nor here')
      const afterThrow = await idle(calls)
      await nextTurn()
      expect(unhandled).toEqual([])
      expect(afterRejection.error).toMatchObject({ code: 'unexpected_error', message: 'nobody listens' })
      expect(afterThrow.error).toMatchObject({ code: 'unexpected_error', message: 'nor here' })
    })

    it('useMFA-style: a wrong TOTP code, not awaited, shows in error; the right one signs bob in', async () => {
      const hj = client()
      const r = await hj.auth.signIn({ email: 'bob@example.com', password: PASSWORD })
      if (r.status !== 'mfa_required') throw new Error(`expected mfa_required, got ${r.status}`)
      const mfa = createPendingCalls(hj.mfa, MFA_METHODS)

      void mfa.methods.submitTOTP(r.challenge_id, totp(BOB_SECRET, 5 * 60_000))
      const failed = await idle(mfa)
      await nextTurn()
      expect(unhandled).toEqual([])
      expect(failed.error).toBeInstanceOf(HelloJohnApiError)
      expect(failed.error).toMatchObject({ code: 'invalid_code', status: 401 })

      const done = await mfa.methods.submitTOTP(r.challenge_id, totp(BOB_SECRET))
      expect(done.status).toBe('complete')
      expect(mfa.getSnapshot()).toEqual({ isSubmitting: false, error: null })
      expect(hj.session.getSnapshot().status).toBe('signed_in')
    })
  })
})

describe('method-name lists', () => {
  it('name every method of hj.auth, hj.mfa and hj.organizations, and hj.me methods useUser wraps', () => {
    const hj = client()
    expect([...AUTH_METHODS].sort()).toEqual(Object.keys(hj.auth).sort())
    expect([...MFA_METHODS].sort()).toEqual(Object.keys(hj.mfa).sort())
    // hj.me and hj.organizations are lazy namespaces built from these lists: compare with the real
    // implementations
    const ctx = { api: {}, session: {}, config: {} } as unknown as Context
    expect([...ORGANIZATION_METHODS].sort()).toEqual(Object.keys(createOrganizations(ctx)).sort())
    expect([...ME_METHODS].sort()).toEqual(Object.keys(createMe(ctx)).sort())
    expect(Object.keys(hj.organizations)).toEqual([...ORGANIZATION_METHODS])
    expect(USER_METHODS.every((name) => typeof hj.me[name] === 'function')).toBe(true)
    expectTypeOf<(typeof AUTH_METHODS)[number]>().toEqualTypeOf<keyof HelloJohnAuth>()
    expectTypeOf<(typeof MFA_METHODS)[number]>().toEqualTypeOf<keyof HelloJohnMfa>()
    expectTypeOf<(typeof ORGANIZATION_METHODS)[number]>().toEqualTypeOf<keyof HelloJohnOrganizations>()
    expectTypeOf<(typeof ME_METHODS)[number]>().toEqualTypeOf<keyof HelloJohnMe>()
  })

  it('type the wrapped methods exactly as the originals', () => {
    const hj = client()
    const mfa = createPendingCalls(hj.mfa, MFA_METHODS)
    expectTypeOf(mfa.methods.submitTOTP).toEqualTypeOf<HelloJohnMfa['submitTOTP']>()
    expectTypeOf(mfa.getSnapshot().error).toEqualTypeOf<HelloJohnError | null>()
    // @ts-expect-error only methods that return a promise can be wrapped
    createPendingCalls({ sync: () => 1 }, ['sync'])
  })
})
