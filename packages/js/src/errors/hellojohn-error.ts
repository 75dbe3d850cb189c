import type { HelloJohnErrorCode } from './codes'

/**
 * Brand shared by every copy of the SDK (Symbol.for is global), so `isHelloJohnError` works even when two
 * bundles each carry their own copy of the class and `instanceof` would fail.
 */
const BRAND = Symbol.for('hellojohn.error')

/** Options common to every HelloJohn error. */
export interface HelloJohnErrorOptions {
  /** The underlying error (a network failure, a parse error, the original API error…). */
  cause?: unknown
}

/**
 * The one base class of every error the SDK throws. `code` is a stable string you can switch on;
 * `message` says what happened and what to fix. Secrets (keys, tokens, passwords) never appear in it.
 *
 * @example
 * ```ts
 * import { HelloJohnError } from '@hellojohn/js'
 * throw new HelloJohnError('invalid_argument', 'signIn() needs an email: pass { email, password }.')
 * ```
 */
export class HelloJohnError extends Error {
  /** Stable machine-readable code. */
  declare readonly code: HelloJohnErrorCode

  constructor(code: HelloJohnErrorCode, message: string, options?: HelloJohnErrorOptions) {
    super(message, options)
    Object.assign(this, { name: 'HelloJohnError', code })
  }

  /** A plain object safe to log or send to an error tracker (every field, no stack). */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message }
  }
}
;(HelloJohnError.prototype as unknown as Record<symbol, boolean>)[BRAND] = true

/**
 * True for any HelloJohn error, whichever copy of the SDK created it. Pass `code` to test for one code.
 *
 * @example
 * ```ts
 * if (isHelloJohnError(err, 'invalid_credentials')) showError('Wrong email or password')
 * ```
 */
export const isHelloJohnError = (value: unknown, code?: HelloJohnErrorCode): value is HelloJohnError =>
  (value as Record<symbol, unknown> | null)?.[BRAND] === true &&
  (!code || (value as HelloJohnError).code === code)
