// Page (b) of `pnpm size`: page (a) plus the TOTP step of an MFA sign-in. Its startup has a budget (8 kB gzip).
import { createHelloJohn } from '@hellojohn/js'

const hj = createHelloJohn({
  baseUrl: 'http://localhost:3000',
  publishableKey: 'pk_test_demo',
  tenantId: 'tnt_demo',
})
hj.session.subscribe((s) => {
  document.body.dataset.status = s.status
})
document.querySelector('#sign-in')?.addEventListener('submit', (event) => {
  event.preventDefault()
  void hj.auth.signIn({ email: 'alice@example.com', password: 'correct-horse-battery-staple' })
})
document.querySelector('#totp')?.addEventListener('submit', (event) => {
  event.preventDefault()
  void hj.mfa.submitTOTP('mfa_challenge_id', '123456')
})
