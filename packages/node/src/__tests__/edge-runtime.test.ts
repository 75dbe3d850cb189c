// @vitest-environment edge-runtime
import { describe, expect, it } from 'vitest'
import { isHelloJohnError, verifyToken } from '@hellojohn/node'
import { verificationCases } from './support/verification-cases'
import { webhookCases } from './support/webhook-cases'

describe('in an edge runtime (no Node globals)', () => {
  it('runs in the edge-runtime VM', () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string')
  })

  it('verifyToken without options explains the missing issuer instead of crashing on `process`', async () => {
    const error = await verifyToken('a.b.c').catch((e: unknown) => e)
    expect(isHelloJohnError(error, 'config_invalid')).toBe(true)
  })

  it('survives a process.env that throws on access (Deno without --allow-env)', async () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'process')
    Object.defineProperty(globalThis, 'process', {
      configurable: true,
      value: {
        get env(): never {
          throw new Error('NotCapable: Requires env access')
        },
      },
    })
    let pending: Promise<unknown>
    try {
      pending = verifyToken('a.b.c') // the environment is read synchronously, before the first await
    } finally {
      if (original) Object.defineProperty(globalThis, 'process', original)
      else delete (globalThis as { process?: unknown }).process
    }
    const error = await pending.catch((e: unknown) => e)
    expect(isHelloJohnError(error, 'config_invalid')).toBe(true)
  })
})

describe('token verification (edge-runtime)', () => {
  verificationCases()
})

describe('verifyWebhook (edge-runtime)', () => {
  webhookCases()
})
