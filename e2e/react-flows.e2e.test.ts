import { describe, it } from 'vitest'
import { useFreshBrowser, type Page } from './support/browser'
import {
  enrollEmailCodes,
  resetForgottenPassword,
  signInWithProvider,
  stepUpWithEmailCode,
  verifyEmailAfterSignUp,
} from './support/flows'
import { uniqueEmail } from './support/mock'
import { reactApp } from './support/react-app'

const openPage = useFreshBrowser()

async function open(path = '/'): Promise<Page> {
  const page = await openPage()
  await reactApp.open(page, path)
  return page
}

describe('React example: the flows every quickstart shows', () => {
  it('sign-up emails a verification code; typing it marks the email verified', async () => {
    await verifyEmailAfterSignUp(await open(), reactApp, uniqueEmail('verify'))
  })

  it('forgot password → emailed link → new password → signs in with it', async () => {
    await resetForgottenPassword(await open(), reactApp, uniqueEmail('reset'))
  })

  it('social sign-in: GitHub through the mock provider, back on /auth/callback, signed in', async () => {
    await signInWithProvider(await open(), reactApp, 'GitHub', 'github-user@example.com')
  })

  it('step-up: the MFA-only Node route answers 403, an email code steps up, the retry answers 200', async () => {
    const page = await open()
    const email = uniqueEmail('stepup')
    await reactApp.signUp(page, email)
    await enrollEmailCodes(page, email)
    await stepUpWithEmailCode(page, reactApp, email)
  })
})
