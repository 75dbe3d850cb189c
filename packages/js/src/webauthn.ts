import { HelloJohnError } from './errors/hellojohn-error'

type Browser = typeof import('@simplewebauthn/browser')

/**
 * Loads @simplewebauthn/browser on first use (dynamic import), so WebAuthn costs nothing in the core bundle, and runs
 * `fn` with it, turning browser refusals into a typed error.
 */
export async function withWebAuthn<T>(fn: (lib: Browser) => Promise<T>): Promise<T> {
  const lib = await import('@simplewebauthn/browser')
  if (!lib.browserSupportsWebAuthn()) {
    throw new HelloJohnError('webauthn_unavailable', 'No WebAuthn in this browser: offer another method.')
  }
  try {
    return await fn(lib)
  } catch (cause) {
    throw new HelloJohnError('webauthn_failed', `The passkey ceremony did not complete: ${(cause as Error)?.message ?? cause}.`, { cause })
  }
}
