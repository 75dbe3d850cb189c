// The verification errors serialize with everything a log needs (the base class's toJSON spreads own fields).
import { describe, expect, it } from 'vitest'
import {
  HelloJohnTokenVerificationError,
  HelloJohnWebhookVerificationError,
  isHelloJohnError,
  isTokenVerificationError,
  isWebhookVerificationError,
} from '@hellojohn/node'

describe('verification errors', () => {
  it('JSON carries name, code, reason, kind and message; the guards tell the kinds apart', () => {
    const token = new HelloJohnTokenVerificationError('token_expired', 'The token expired at 12:00.', {
      cause: new Error('x'),
    })
    const webhook = new HelloJohnWebhookVerificationError(
      'webhook_timestamp_too_old',
      'The delivery is 10 minutes old.',
    )
    expect(JSON.parse(JSON.stringify(token))).toEqual({
      name: 'HelloJohnTokenVerificationError',
      code: 'token_expired',
      reason: 'token_expired',
      kind: 'token_verification',
      message: 'The token expired at 12:00.',
    })
    expect(JSON.parse(JSON.stringify(webhook))).toEqual({
      name: 'HelloJohnWebhookVerificationError',
      code: 'webhook_timestamp_too_old',
      reason: 'webhook_timestamp_too_old',
      kind: 'webhook_verification',
      message: 'The delivery is 10 minutes old.',
    })
    expect(isHelloJohnError(token) && isHelloJohnError(webhook)).toBe(true)
    expect([isTokenVerificationError(token, 'token_expired'), isTokenVerificationError(webhook)]).toEqual([
      true,
      false,
    ])
    expect([isWebhookVerificationError(webhook), isWebhookVerificationError(token)]).toEqual([true, false])
  })
})
