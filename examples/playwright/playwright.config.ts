import { defineConfig } from '@playwright/test'
import { APP_URL } from './ports'

/**
 * @playwright/test against the React example (built by global-setup.ts) and the mock server, four workers, each with
 * its own HelloJohn tenant (tests/fixtures.ts). Debian's Chromium, never a downloaded browser.
 */
export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  workers: 4,
  fullyParallel: true,
  retries: 0, // a flake must show up as a failure
  forbidOnly: true,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: '../../test-output/playwright/results',
  use: {
    baseURL: APP_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
})
