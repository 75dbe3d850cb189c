import { createHelloJohn } from '@hellojohn/js'
import { HelloJohnProvider } from '@hellojohn/react'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { config } from './config'
import './styles.css'

async function main(): Promise<void> {
  if (config.mock === 'browser') {
    // The whole HelloJohn API in a service worker: no server needed (public/mockServiceWorker.js is MSW's worker).
    const { startHelloJohnMockWorker } = await import('@hellojohn/mock-server/browser')
    await startHelloJohnMockWorker({ baseUrl: config.baseUrl })
  }
  const hj = createHelloJohn({ baseUrl: config.baseUrl, publishableKey: config.publishableKey, tenantId: config.tenantId })
  const root = document.getElementById('root')
  if (!root) throw new Error('index.html has no #root element')
  createRoot(root).render(
    <StrictMode>
      <HelloJohnProvider client={hj}>
        <App />
      </HelloJohnProvider>
    </StrictMode>,
  )
}

void main()
