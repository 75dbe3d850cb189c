// Page (c) of `pnpm size`: the React hooks (provider, session, MFA) of @hellojohn/react.
import { HelloJohnProvider, useMFA, useSession } from '@hellojohn/react'
import { createRoot } from 'react-dom/client'

function App() {
  const { status, user } = useSession()
  const { challenge, submitTOTP } = useMFA()
  return (
    <main>
      <p>
        {status} {user?.email}
      </p>
      <button type="button" onClick={() => challenge && void submitTOTP(challenge.challenge_id, '123456')}>
        Verify
      </button>
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <HelloJohnProvider baseUrl="http://localhost:3000" publishableKey="pk_test_demo" tenantId="tnt_demo">
    <App />
  </HelloJohnProvider>,
)
