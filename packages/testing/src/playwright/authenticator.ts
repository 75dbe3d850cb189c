import { HelloJohnTestingError } from '../errors'
import type { CDPSessionLike, PageLike } from './types'

/** Options of {@link addVirtualAuthenticator} (the CDP `VirtualAuthenticatorOptions`). */
export interface VirtualAuthenticatorOptions {
  /** Default `ctap2`. */
  protocol?: 'ctap2' | 'u2f'
  /** Default `internal` (a platform authenticator, like Touch ID). */
  transport?: 'internal' | 'usb' | 'nfc' | 'ble' | 'hybrid'
  /** Default true (passkeys are discoverable credentials). */
  hasResidentKey?: boolean
  /** Default true. */
  hasUserVerification?: boolean
  /** Default true: the "user" always passes verification. */
  isUserVerified?: boolean
}

/** A virtual authenticator attached to a page. */
export interface VirtualAuthenticator {
  authenticatorId: string
  cdp: CDPSessionLike
  /** The credentials (passkeys) it holds. */
  credentials(): Promise<{ credentialId: string; rpId?: string; userHandle?: string; signCount: number }[]>
  /** Removes it and closes the CDP session. */
  remove(): Promise<void>
}

/**
 * Adds a virtual WebAuthn authenticator to a Chromium page through the DevTools protocol, so passkey
 * registration and sign-in complete without a person or a security key (user presence and verification are
 * simulated).
 *
 * @example
 * ```ts
 * const authenticator = await addVirtualAuthenticator(page)
 * await page.getByRole('button', { name: 'Add a passkey' }).click()
 * expect(await authenticator.credentials()).toHaveLength(1)
 * ```
 */
export async function addVirtualAuthenticator(
  page: PageLike,
  options: VirtualAuthenticatorOptions = {},
): Promise<VirtualAuthenticator> {
  let cdp: CDPSessionLike
  try {
    cdp = await page.context().newCDPSession(page)
  } catch (cause) {
    throw new HelloJohnTestingError(
      'invalid_options',
      'addVirtualAuthenticator needs a Chromium page (the DevTools protocol); Firefox and WebKit have no virtual authenticator.',
      { cause },
    )
  }
  await cdp.send('WebAuthn.enable', { enableUI: false })
  const { authenticatorId } = (await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: options.protocol ?? 'ctap2',
      transport: options.transport ?? 'internal',
      hasResidentKey: options.hasResidentKey ?? true,
      hasUserVerification: options.hasUserVerification ?? true,
      isUserVerified: options.isUserVerified ?? true,
      automaticPresenceSimulation: true,
    },
  })) as { authenticatorId: string }
  return {
    authenticatorId,
    cdp,
    async credentials() {
      const { credentials } = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })) as {
        credentials: { credentialId: string; rpId?: string; userHandle?: string; signCount: number }[]
      }
      return credentials
    },
    async remove() {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })
      await cdp.detach()
    },
  }
}
