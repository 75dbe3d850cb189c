/**
 * A software WebAuthn authenticator for tests: an Ed25519 key made with WebCrypto, `none` attestation for
 * registration and signed assertions for authentication, in the JSON shapes navigator.credentials returns
 * (RegistrationResponseJSON / AuthenticationResponseJSON). No browser needed.
 */

const enc = new TextEncoder()

function b64url(bytes: Uint8Array): string {
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let i = 0
  for (const p of parts) {
    out.set(p, i)
    i += p.length
  }
  return out
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as BufferSource))
}

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor> | { [k: string]: Cbor }

function head(major: number, n: number): Uint8Array {
  if (n < 24) return Uint8Array.of((major << 5) | n)
  if (n < 256) return Uint8Array.of((major << 5) | 24, n)
  if (n < 65536) return Uint8Array.of((major << 5) | 25, n >> 8, n & 0xff)
  return Uint8Array.of((major << 5) | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
}

/** The few CBOR types WebAuthn needs: integers, byte and text strings, maps. */
function cbor(value: Cbor): Uint8Array {
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value)
  if (typeof value === 'string') {
    const b = enc.encode(value)
    return concat(head(3, b.length), b)
  }
  if (value instanceof Uint8Array) return concat(head(2, value.length), value)
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value)
  return concat(head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)]))
}

function u32(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
}

/** What a relying party's options give the authenticator. */
export interface CeremonyOptions {
  challenge: string
  rpId: string
  origin: string
}

/** A software authenticator holding one credential. */
export interface SoftwareAuthenticator {
  credentialId: string
  /** A `none`-attestation registration response for `navigator.credentials.create` options. */
  register(options: CeremonyOptions & { userId?: string }): Promise<Record<string, unknown>>
  /** A signed assertion for `navigator.credentials.get` options. */
  assert(options: CeremonyOptions): Promise<Record<string, unknown>>
}

/**
 * Creates an authenticator with a fresh Ed25519 key (COSE alg -8).
 *
 * @example
 * ```ts
 * const authr = await createSoftwareAuthenticator()
 * const attestation = await authr.register({ challenge: options.challenge, rpId: 'localhost', origin: 'http://localhost:3000' })
 * ```
 */
export async function createSoftwareAuthenticator(): Promise<SoftwareAuthenticator> {
  const pair = (await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  const rawPublic = new Uint8Array(await globalThis.crypto.subtle.exportKey('raw', pair.publicKey))
  const id = globalThis.crypto.getRandomValues(new Uint8Array(16))
  const credentialId = b64url(id)
  let counter = 0
  let userHandle: string | undefined
  const coseKey = cbor(
    new Map<Cbor, Cbor>([
      [1, 1],
      [3, -8],
      [-1, 6],
      [-2, rawPublic],
    ]),
  )

  return {
    credentialId,
    async register({ challenge, rpId, origin, userId }) {
      userHandle = userId
      const clientDataJSON = enc.encode(
        JSON.stringify({ type: 'webauthn.create', challenge, origin, crossOrigin: false }),
      )
      const flags = 0x01 | 0x04 | 0x40 // user present, user verified, attested credential data
      const authData = concat(
        await sha256(enc.encode(rpId)),
        Uint8Array.of(flags),
        u32(counter),
        new Uint8Array(16),
        Uint8Array.of(id.length >> 8, id.length & 0xff),
        id,
        coseKey,
      )
      const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData })
      return {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        response: {
          clientDataJSON: b64url(clientDataJSON),
          attestationObject: b64url(attestationObject),
          transports: ['internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      }
    },
    async assert({ challenge, rpId, origin }) {
      counter += 1
      const clientDataJSON = enc.encode(
        JSON.stringify({ type: 'webauthn.get', challenge, origin, crossOrigin: false }),
      )
      const authData = concat(await sha256(enc.encode(rpId)), Uint8Array.of(0x01 | 0x04), u32(counter))
      const signed = concat(authData, await sha256(clientDataJSON))
      const signature = new Uint8Array(
        await globalThis.crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, signed as BufferSource),
      )
      return {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        response: {
          clientDataJSON: b64url(clientDataJSON),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          ...(userHandle ? { userHandle } : {}),
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      }
    },
  }
}
