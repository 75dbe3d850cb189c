import { createHelloJohn } from '@hellojohn/js'
import { HelloJohnProvider } from '@hellojohn/react'
import type { MockControls } from '@hellojohn/mock-server'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { MockInbox } from './components/MockInbox'
import { config } from './config'
import './styles.css'

async function main(): Promise<void> {
  let mockControls: MockControls | null = null
  if (config.mock === 'browser') {
    // The whole HelloJohn API in a service worker: no server needed (public/mockServiceWorker.js is MSW's worker).
    const { startHelloJohnMockWorker } = await import('@hellojohn/mock-server/browser')
    mockControls = (await startHelloJohnMockWorker({ baseUrl: config.baseUrl })).controls
    // Room at the bottom of the page for the mock inbox button, so it never covers the last form.
    document.body.classList.add('with-mock-inbox')
  }
  const hj = createHelloJohn({
    baseUrl: config.baseUrl,
    publishableKey: config.publishableKey,
    tenantId: config.tenantId,
  })
  const root = document.getElementById('root')
  if (!root) throw new Error('index.html has no #root element')
  createRoot(root).render(
    <StrictMode>
      <HelloJohnProvider client={hj}>
        <App />
        {mockControls ? <MockInbox controls={mockControls} /> : null}
      </HelloJohnProvider>
    </StrictMode>,
  )
}

void main()
