import type { HelloJohnClientErrorCode } from './codes'
import { HelloJohnError } from './hellojohn-error'

/** Codes of configuration errors. */
export type HelloJohnConfigErrorCode = Extract<HelloJohnClientErrorCode, `config_${string}`>

/**
 * The options given to `createHelloJohn()` (or another factory) are wrong. `option` names the option to fix.
 *
 * @example
 * ```ts
 * try { createHelloJohn({ baseUrl: 'localhost', publishableKey: 'pk_test_demo', tenantId: 'tnt_demo' }) }
 * catch (e) { if (e instanceof HelloJohnConfigError) console.error(e.option, e.message) }
 * ```
 */
export class HelloJohnConfigError extends HelloJohnError {
  /** The option at fault, e.g. `baseUrl`. */
  declare readonly option: string | undefined

  constructor(
    code: HelloJohnConfigErrorCode,
    message: string,
    options: { option?: string; cause?: unknown } = {},
  ) {
    super(code, message, options)
    Object.assign(this, { name: 'HelloJohnConfigError', option: options.option })
  }
}
