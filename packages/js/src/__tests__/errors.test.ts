import { describe, expect, it } from 'vitest'
import {
  HelloJohnApiError,
  HelloJohnConfigError,
  HelloJohnError,
  HelloJohnNetworkError,
  HelloJohnTimeoutError,
  HelloJohnTokenError,
  isHelloJohnApiError,
  isHelloJohnError,
} from '@hellojohn/js'
import { parseErrorBody, parseRetryAfter } from '@hellojohn/js/internal'

const res = (status: number, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
})

describe('error hierarchy', () => {
  it('every subclass is a HelloJohnError with a stable code', () => {
    const errors = [
      new HelloJohnApiError({ code: 'not_found', message: 'm', status: 404 }),
      new HelloJohnNetworkError('offline'),
      new HelloJohnTimeoutError(100),
      new HelloJohnConfigError('config_invalid_base_url', 'bad', { option: 'baseUrl' }),
      new HelloJohnTokenError('revoked', 'gone'),
    ]
    expect(errors.map((e) => e.code)).toEqual([
      'not_found',
      'network_error',
      'timeout',
      'config_invalid_base_url',
      'token_revoked',
    ])
    for (const e of errors) {
      expect(e).toBeInstanceOf(HelloJohnError)
      expect(e).toBeInstanceOf(Error)
      expect(isHelloJohnError(e)).toBe(true)
    }
    expect(errors[2]).toBeInstanceOf(HelloJohnNetworkError)
    expect((errors[4] as HelloJohnTokenError).reason).toBe('revoked')
    expect(errors.map((e) => e.name)).toEqual([
      'HelloJohnApiError',
      'HelloJohnNetworkError',
      'HelloJohnTimeoutError',
      'HelloJohnConfigError',
      'HelloJohnTokenError',
    ])
  })

  it('keeps the cause', () => {
    const cause = new TypeError('fetch failed')
    expect(new HelloJohnNetworkError('offline', { cause }).cause).toBe(cause)
  })

  it('the guard is brand based and survives a duplicated copy of the class', () => {
    // A second bundle would have its own class but brand instances with the same global symbol.
    const foreign = Object.assign(new Error('x'), { code: 'conflict', kind: 'api' })
    Object.defineProperty(foreign, Symbol.for('hellojohn.error'), { value: true })
    expect(isHelloJohnError(foreign)).toBe(true)
    expect(isHelloJohnApiError(foreign, 'conflict')).toBe(true)
    expect(isHelloJohnApiError(foreign, 'not_found')).toBe(false)
    expect(isHelloJohnError(new Error('plain'))).toBe(false)
    expect(isHelloJohnError({ code: 'conflict' })).toBe(false)
    expect(isHelloJohnError(null)).toBe(false)
    expect(isHelloJohnError('invalid_code')).toBe(false)
  })

  it('toJSON gives a loggable object', () => {
    const e = new HelloJohnApiError({
      code: 'rate_limited',
      message: 'slow down',
      status: 429,
      retryAfter: 3,
      requestId: 'req_1',
    })
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'HelloJohnApiError',
      code: 'rate_limited',
      message: 'slow down',
      status: 429,
      requestId: 'req_1',
      retryAfter: 3,
      kind: 'api',
    })
  })
})

describe('parseErrorBody', () => {
  it('reads the HelloJohn envelope', () => {
    const e = parseErrorBody(
      {
        error: {
          code: 'validation_failed',
          message: 'email is invalid',
          status: 422,
          request_id: 'req_01',
          details: { fields: [{ field: 'email', code: 'invalid_format' }] },
        },
      },
      res(422),
    )
    expect(e).toBeInstanceOf(HelloJohnApiError)
    expect(e).toMatchObject({
      code: 'validation_failed',
      message: 'email is invalid',
      status: 422,
      requestId: 'req_01',
    })
    expect(e.details).toEqual({ fields: [{ field: 'email', code: 'invalid_format' }] })
  })

  it('reads the flat {code, message, detail} body', () => {
    const e = parseErrorBody(
      { code: 'conflict', message: 'email taken', detail: 'alice@example.com exists' },
      res(409),
    )
    expect(e).toMatchObject({
      code: 'conflict',
      message: 'email taken',
      details: 'alice@example.com exists',
      status: 409,
    })
    const f = parseErrorBody({ code: 'forbidden', detail: 'not allowed' }, res(403))
    expect(f).toMatchObject({ code: 'forbidden', message: 'not allowed' })
  })

  it('reads RFC 6749 {error, error_description}', () => {
    const e = parseErrorBody({ error: 'invalid_grant', error_description: 'refresh token reused' }, res(400))
    expect(e).toMatchObject({ code: 'invalid_grant', message: 'refresh token reused', status: 400 })
  })

  it('falls back to a code from the status for unknown bodies, with the request id header', () => {
    const e = parseErrorBody('<html>Bad gateway</html>', res(502, { 'x-request-id': 'req_9' }))
    expect(e).toMatchObject({ code: 'internal_error', status: 502, requestId: 'req_9' })
    expect(e.message).toContain('502')
    expect(parseErrorBody(undefined, res(404)).code).toBe('not_found')
    expect(parseErrorBody(null, res(401)).code).toBe('unauthorized')
    expect(parseErrorBody([], res(418)).code).toBe('bad_request')
  })

  it('reads Retry-After as seconds or as a date, and X-RateLimit-Reset on 429', () => {
    expect(parseErrorBody({}, res(429, { 'retry-after': '7' })).retryAfter).toBe(7)
    const now = Date.UTC(2026, 0, 1, 0, 0, 0)
    expect(
      parseRetryAfter(new Headers({ 'retry-after': new Date(now + 5000).toUTCString() }), 503, now),
    ).toBe(5)
    expect(parseRetryAfter(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 12) }), 429, now)).toBe(12)
    expect(
      parseRetryAfter(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 12) }), 500, now),
    ).toBeUndefined()
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), 429, now)).toBeUndefined()
  })
})
