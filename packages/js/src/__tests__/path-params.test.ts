// Issue 12 item 6: an id is checked before a URL is built, so a dot-segment or a slash can never retarget a
// request.
import { describe, expect, it } from 'vitest'
import { isHelloJohnError, type HelloJohnError } from '@hellojohn/js'
import { client, PASSWORD, theMock, useMock } from './mock'

useMock()

const BAD_IDS = ['', '.', '..', 'a/b', '../x', 'x?y=1', 'x#frag', 'x%2Fy', 'x%2fy', 'x\\y']

/**
 * Runs `fn` while recording every request the mock receives; resolves to the thrown error and the requests.
 */
async function attempt(fn: () => Promise<unknown>): Promise<{ error: unknown; sent: string[] }> {
  const sent: string[] = []
  const on = ({ request }: { request: Request }): void =>
    void sent.push(`${request.method} ${new URL(request.url).pathname}`)
  theMock().server.events.on('request:start', on)
  try {
    await fn()
    return { error: undefined, sent }
  } catch (error) {
    return { error, sent }
  } finally {
    theMock().server.events.removeListener('request:start', on)
  }
}

const expectRefused = ({ error, sent }: { error: unknown; sent: string[] }, param: string): void => {
  expect(isHelloJohnError(error, 'invalid_argument'), String(error)).toBe(true)
  expect((error as HelloJohnError).message).toContain(param)
  expect(sent).toEqual([])
}

describe('path parameters are validated before any request (issue 12.6)', () => {
  it.each(BAD_IDS)(
    'hj.api refuses userId %j of DELETE /v1/organizations/{orgId}/members/{userId}',
    async (bad) => {
      const hj = client()
      await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
      expectRefused(
        await attempt(() =>
          hj.api.DELETE('/v1/organizations/{orgId}/members/{userId}', {
            params: { path: { orgId: 'org_acme', userId: bad } },
          }),
        ),
        'userId',
      )
    },
  )

  it.each(BAD_IDS)(
    'the high-level methods refuse %j (hj.me.revokeSession, hj.mfa.removeFactor)',
    async (bad) => {
      const hj = client()
      await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
      expectRefused(await attempt(() => hj.me.revokeSession(bad)), 'sessionId')
      expectRefused(await attempt(() => hj.mfa.removeFactor(bad)), 'factorId')
    },
  )

  it('ordinary ids, including dots inside and other punctuation, still go out percent-encoded', async () => {
    const hj = client()
    await hj.auth.signIn({ email: 'alice@example.com', password: PASSWORD })
    const { sent } = await attempt(() =>
      hj.api.GET('/v1/users/{userId}', { params: { path: { userId: 'usr.not..found:1 2' } } }),
    )
    expect(sent).toEqual(['GET /v1/users/usr.not..found%3A1%202'])
  })
})
