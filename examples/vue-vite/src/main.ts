import { createHelloJohnPlugin } from '@hellojohn/vue'
import { createApp } from 'vue'
import App from './App.vue'
import { config } from './config'
import './styles.css'

async function main(): Promise<void> {
  if (config.mock === 'browser') {
    // The whole HelloJohn API in a service worker: no server needed (public/mockServiceWorker.js is MSW's worker).
    const { startHelloJohnMockWorker } = await import('@hellojohn/mock-server/browser')
    await startHelloJohnMockWorker({ baseUrl: config.baseUrl })
  }
  createApp(App)
    .use(
      createHelloJohnPlugin({
        baseUrl: config.baseUrl,
        publishableKey: config.publishableKey,
        tenantId: config.tenantId,
      }),
    )
    .mount('#app')
}

void main()
