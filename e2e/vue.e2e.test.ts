import { describe, it } from 'vitest'
import { screenshot } from './support/browser'
import { DEMO } from './support/env'
import { useExamplePage } from './support/example-app'
import { enrollTotp } from './support/flows'
import { uniqueEmail } from './support/mock'
import { freshTotp } from './support/totp'
import { vueApp } from './support/vue-app'

const open = useExamplePage(vueApp)

describe('Vue example', () => {
  it('signs bob in with his TOTP code and shows his sessions', async () => {
    const page = await open()
    await vueApp.signIn(page, DEMO.bob)

    const challenge = page.getByTestId('mfa-challenge')
    await challenge.getByRole('heading', { name: 'Two-step verification' }).waitFor()
    // A wrong code is refused and the challenge stays usable.
    await challenge.getByLabel(/authenticator app/).fill('000000')
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await challenge.getByRole('alert').waitFor()

    await challenge.getByLabel(/authenticator app/).fill(await freshTotp(DEMO.bobTotpSecret))
    await challenge.getByRole('button', { name: 'Verify' }).click()

    await vueApp.expectSignedIn(page, DEMO.bob)
    await page.getByText('MFA verified').waitFor()
    await page.getByTestId('sessions').getByTestId('session-row').first().waitFor()
    await page.getByTestId('factors').getByText('Authenticator app', { exact: true }).waitFor()
    await screenshot(page, 'vue-totp-signed-in')
  })

  it('signs up, enrolls TOTP (backup codes shown once), signs out and back in with the TOTP challenge', async () => {
    const page = await open()
    const email = uniqueEmail('vue')
    await vueApp.signUp(page, email)
    const secret = await enrollTotp(page)
    await vueApp.signOut(page)
    await vueApp.signIn(page, email)
    const challenge = page.getByTestId('mfa-challenge')
    await challenge.getByLabel(/authenticator app/).fill(await freshTotp(secret))
    await challenge.getByRole('button', { name: 'Verify' }).click()
    await page.getByText('MFA verified').waitFor()
    await screenshot(page, 'vue-enrolled-signed-in')
  })
})
