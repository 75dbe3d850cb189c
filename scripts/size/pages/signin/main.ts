// Page (a) of `pnpm size`: sign in with a password and follow the session.
import { createHelloJohn } from '@hellojohn/js'

const hj = createHelloJohn({
  baseUrl: 'http://localhost:3000',
  publishableKey: 'pk_test_demo',
  tenantId: 'tnt_demo',
})
hj.session.subscribe((s) => {
  document.body.dataset.status = s.status
})
document.querySelector('form')?.addEventListener('submit', (event) => {
  event.preventDefault()
  void hj.auth.signIn({ email: 'alice@example.com', password: 'correct-horse-battery-staple' })
})
