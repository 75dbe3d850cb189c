// The mock's dashboard (GET / of the standalone server → /__mock/ui) in Chromium, against its own server and a
// webhook receiver (E2E_PORT_BASE + 20 and + 21): every view is used once and photographed into test-output/e2e.
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHelloJohnServer } from '@hellojohn/mock-server/node'
import type { HelloJohnServer } from '@hellojohn/mock-server/node'
import { screenshot, useFreshBrowser } from './support/browser'
import type { Page } from './support/browser'
import { DEMO } from './support/env'

const BASE = Number(process.env.E2E_PORT_BASE ?? 19100)
const MOCK_PORT = BASE + 20
const RECEIVER_PORT = BASE + 21
const ADMIN = {
  authorization: `Bearer ${DEMO.secretKey}`,
  'x-tenant-id': DEMO.tenantId,
  'content-type': 'application/json',
}
const PUBLIC = {
  authorization: `Bearer ${DEMO.publishableKey}`,
  'x-tenant-id': DEMO.tenantId,
  'content-type': 'application/json',
}

let mock: HelloJohnServer
let receiver: Server
const received: { signature: string | undefined; body: string }[] = []
const openPage = useFreshBrowser()

beforeAll(async () => {
  mock = await startHelloJohnServer({ port: MOCK_PORT, rateLimit: false })
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push({ signature: req.headers['hellojohn-signature'] as string | undefined, body })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(RECEIVER_PORT, '127.0.0.1', resolve))
})

afterAll(async () => {
  await mock?.close()
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()))
})

async function view(page: Page, name: string): Promise<void> {
  await page.goto('about:blank') // a fresh load each time (a hash-only change would keep the view's state)
  await page.goto(`${mock.baseUrl}/__mock/ui#/${name}`)
  await page.locator(`main[data-view="${name}"]`).waitFor()
}

describe('the mock dashboard', () => {
  it('opens at / and lists the tenants with their test keys', async () => {
    const page = await openPage()
    await page.goto(`${mock.baseUrl}/`)
    expect(new URL(page.url()).pathname).toBe('/__mock/ui')
    await page.getByRole('link', { name: 'Tenants' }).click()
    const row = page.getByRole('row', { name: /tnt_demo/ })
    await expect.poll(() => row.textContent()).toContain(DEMO.secretKey)
    await screenshot(page, 'dashboard-tenants')
  })

  it('users: create, search by email / phone / external id, edit, show API errors, impersonate, reset MFA, delete', async () => {
    const page = await openPage()
    await view(page, 'users')
    const create = page.getByRole('form', { name: 'Create user' })
    await create.getByPlaceholder('email').fill('dana@example.com')
    await create.getByPlaceholder('name').fill('Dana Dashboard')
    await create.getByPlaceholder('+15555550100').fill('+15555550123')
    await create.getByPlaceholder('external id').fill('crm-42')
    await create.getByRole('button', { name: 'Create user' }).click()
    await page.getByRole('cell', { name: 'dana@example.com' }).waitFor()

    for (const [field, value] of [
      ['email', 'dana@example.com'],
      ['phone_number', '+15555550123'],
      ['external_id', 'crm-42'],
    ] as const) {
      const search = page.getByRole('form', { name: 'Search users' })
      await search.getByLabel('Search by').selectOption(field)
      await search.getByLabel('Search value').fill(value)
      await search.getByRole('button', { name: 'Search' }).click()
      await expect.poll(() => page.locator('main tbody tr').count()).toBe(1)
      await page.getByRole('cell', { name: 'dana@example.com' }).waitFor()
    }

    await page.getByRole('cell', { name: 'dana@example.com' }).click()
    const edit = page.getByTestId('user-detail').getByRole('form', { name: 'Edit user' })
    await edit.waitFor()
    await edit.locator('input[name="name"]').fill('Dana Edited')
    await edit.locator('textarea[name="public_metadata"]').fill('{"plan": "team"}')
    await edit.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(
        async () =>
          (await (await fetch(`${mock.baseUrl}/v1/users?email=dana@example.com`, { headers: ADMIN })).json())
            .data[0],
      )
      .toMatchObject({ name: 'Dana Edited', public_metadata: { plan: 'team' } })

    // the API's own validation error, shown as it answered
    await page
      .getByRole('form', { name: 'Edit user' })
      .locator('input[name="phone_number"]')
      .fill('not-a-phone')
    await page.getByRole('form', { name: 'Edit user' }).getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/phone_number/)

    await page.getByRole('button', { name: 'Impersonate' }).click()
    const token = await page.getByTestId('impersonation-token').textContent()
    expect(token?.split('.')).toHaveLength(3)
    const me = await fetch(`${mock.baseUrl}/v1/me`, {
      headers: { authorization: `Bearer ${token}`, 'x-tenant-id': DEMO.tenantId },
    })
    expect(((await me.json()) as { email: string }).email).toBe('dana@example.com')
    await screenshot(page, 'dashboard-users')

    // reset MFA of bob (TOTP enrolled in the seed)
    await view(page, 'users')
    await page.getByRole('cell', { name: DEMO.bob }).click()
    await page.getByRole('button', { name: 'Reset MFA' }).click()
    await page.getByRole('status').filter({ hasText: 'MFA reset' }).waitFor()
    const bobSignIn = await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: PUBLIC,
      body: JSON.stringify({ email: DEMO.bob, password: DEMO.password }),
    })
    expect(((await bobSignIn.json()) as { status: string }).status).toBe('complete')

    await view(page, 'users')
    await page.getByRole('cell', { name: 'dana@example.com' }).click()
    page.once('dialog', (d) => void d.accept())
    await page.getByRole('button', { name: 'Delete user' }).click()
    await expect.poll(() => page.getByRole('cell', { name: 'dana@example.com' }).count()).toBe(0)
  })

  it('sessions: lists active sessions and revokes one', async () => {
    const signIn = await fetch(`${mock.baseUrl}/v1/auth/sign-in`, {
      method: 'POST',
      headers: PUBLIC,
      body: JSON.stringify({ email: DEMO.alice, password: DEMO.password }),
    })
    const { session } = (await signIn.json()) as { session: { id: string } }
    const page = await openPage()
    await view(page, 'sessions')
    const row = page.getByRole('row', { name: new RegExp(session.id) })
    await row.waitFor()
    await screenshot(page, 'dashboard-sessions')
    await row.getByRole('button', { name: 'Revoke' }).click()
    await expect.poll(() => page.getByRole('row', { name: new RegExp(session.id) }).count()).toBe(0)
    const after = await fetch(`${mock.baseUrl}/v1/sessions/${session.id}`, { headers: ADMIN })
    expect(((await after.json()) as { status: string }).status).toBe('revoked')
  })

  it('organizations: members and an invitation whose link comes from the outbox', async () => {
    const page = await openPage()
    await view(page, 'organizations')
    await page.getByRole('cell', { name: 'Acme Corp' }).click()
    const org = page.getByTestId('org-detail')
    await org.getByRole('cell', { name: DEMO.alice }).waitFor()
    const invite = page.getByRole('form', { name: 'Invite' })
    await invite.getByPlaceholder('email to invite').fill('carol@example.com')
    await invite.getByPlaceholder(/accept page URL/).fill('http://localhost:5173/accept')
    await invite.getByRole('button', { name: 'Invite' }).click()
    const link = page.getByTestId('org-detail').getByRole('link', { name: 'invitation link' })
    await link.waitFor()
    expect(await link.getAttribute('href')).toMatch(/^http:\/\/localhost:5173\/accept\?token=inv_tok_/)
    await screenshot(page, 'dashboard-organizations')
  })

  it('outbox: magic links are clickable and codes are shown, live', async () => {
    const page = await openPage()
    await view(page, 'outbox')
    await fetch(`${mock.baseUrl}/v1/auth/magic-link`, {
      method: 'POST',
      headers: PUBLIC,
      body: JSON.stringify({ email: DEMO.alice, redirect_url: 'http://localhost:5173/callback' }),
    })
    await fetch(`${mock.baseUrl}/v1/auth/email/verification`, {
      method: 'POST',
      headers: PUBLIC,
      body: JSON.stringify({ email: DEMO.alice }),
    })
    const link = page.getByRole('link', { name: /localhost:5173\/callback\?token=/ }).first()
    await link.waitFor({ timeout: 10_000 }) // appears without a reload (the view refreshes itself)
    await page.locator('code.code').first().waitFor()
    await screenshot(page, 'dashboard-outbox')
  })

  it('webhooks: endpoint, deliveries with payload and signature header, redeliver', async () => {
    const page = await openPage()
    await view(page, 'webhooks')
    const add = page.getByRole('form', { name: 'Add webhook endpoint' })
    await add.getByPlaceholder('https://example.com/webhooks').fill(`http://127.0.0.1:${RECEIVER_PORT}/hooks`)
    await add.getByRole('button', { name: 'Add endpoint' }).click()
    await page.getByRole('cell', { name: `http://127.0.0.1:${RECEIVER_PORT}/hooks` }).waitFor()
    await fetch(`${mock.baseUrl}/v1/users`, {
      method: 'POST',
      headers: ADMIN,
      body: JSON.stringify({ email: 'hooked@example.com' }),
    })
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(0)
    await view(page, 'webhooks')
    const deliveries = page.getByTestId('deliveries')
    const row = deliveries.getByRole('row', { name: /user\.created/ }).first()
    await row.getByText('payload & signature').click()
    const shown = await row.locator('code').first().textContent()
    expect(shown).toBe(received[0]?.signature)
    expect(await row.locator('pre').textContent()).toContain('hooked@example.com')
    await expect.poll(() => row.textContent()).toMatch(/attempts 1/)
    await row.getByRole('button', { name: 'Redeliver' }).click()
    await expect
      .poll(() =>
        deliveries
          .getByRole('row', { name: /user\.created/ })
          .first()
          .textContent(),
      )
      .toMatch(/attempts 2/)
    expect(received.length).toBe(2)
    await deliveries
      .getByRole('row', { name: /user\.created/ })
      .first()
      .getByText('payload & signature')
      .click()
    await screenshot(page, 'dashboard-webhooks')
  })

  it('auth config: the form and the JSON editor save through the API and show its own validation errors', async () => {
    const page = await openPage()
    await view(page, 'auth-config')
    const settings = page.getByRole('form', { name: 'Auth settings' })
    await settings.getByLabel('Minimum password length').fill('300')
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/min_length/)
    await screenshot(page, 'dashboard-auth-config-error')
    await settings.getByLabel('Minimum password length').fill('10')
    await settings.getByRole('group', { name: 'allowed_auth_methods' }).getByLabel('github').uncheck()
    await settings.getByLabel('Allowed email domains').fill('example.com, acme.test')
    await settings.getByRole('button', { name: 'Save settings' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor()
    const read = async () =>
      (await (
        await fetch(`${mock.baseUrl}/v2/admin/tenants/${DEMO.tenantId}/auth/config`, { headers: ADMIN })
      ).json()) as any
    expect(await read()).toMatchObject({
      password_policy: { min_length: 10 },
      allowed_email_domains: ['example.com', 'acme.test'],
    })
    expect((await read()).allowed_auth_methods).not.toContain('github')

    const area = page.getByLabel('Auth config JSON')
    const cfg = JSON.parse(await area.inputValue())
    cfg.jwt_claims = { ...cfg.jwt_claims, static: { plan: 'enterprise' } }
    cfg.allowed_email_domains = []
    await area.fill(JSON.stringify(cfg, null, 2))
    await page.getByRole('button', { name: 'Save auth config' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor()
    expect(await read()).toMatchObject({
      jwt_claims: { static: { plan: 'enterprise' } },
      allowed_email_domains: [],
    })
    await screenshot(page, 'dashboard-auth-config')
  })

  it('clock and faults: advance and reset the clock, add and clear a fault', async () => {
    const page = await openPage()
    await view(page, 'clock')
    const before = Date.parse((await page.getByTestId('mock-now').textContent()) ?? '')
    await page.getByRole('button', { name: '+1 day' }).click()
    await expect
      .poll(async () => Date.parse((await page.getByTestId('mock-now').textContent()) ?? '') - before)
      .toBeGreaterThanOrEqual(86_400_000)
    const fault = page.getByRole('form', { name: 'Add fault' })
    await fault.getByPlaceholder('/v1/auth/sign-in').fill('/v1/users')
    await fault.getByPlaceholder('status e.g. 503').fill('503')
    await fault.getByPlaceholder('times (1)').fill('2')
    await fault.getByRole('button', { name: 'Add fault' }).click()
    await page.getByRole('cell', { name: '/v1/users' }).waitFor()
    await screenshot(page, 'dashboard-clock-faults')
    expect((await fetch(`${mock.baseUrl}/v1/users`, { headers: ADMIN })).status).toBe(503)
    await page.getByRole('button', { name: 'Clear faults' }).click()
    await expect.poll(() => page.getByRole('cell', { name: '/v1/users' }).count()).toBe(0)
    expect((await fetch(`${mock.baseUrl}/v1/users`, { headers: ADMIN })).status).toBe(200)
    await page.getByRole('button', { name: 'Reset clock' }).click()
    await expect
      .poll(async () =>
        Math.abs(Date.parse((await page.getByTestId('mock-now').textContent()) ?? '') - Date.now()),
      )
      .toBeLessThan(60_000)
  })

  it('audit log: shows the impersonation done from the dashboard', async () => {
    const page = await openPage()
    await view(page, 'audit')
    await page.getByRole('cell', { name: 'user.impersonated' }).first().waitFor()
    await screenshot(page, 'dashboard-audit')
  })

  it('export, reset and import: the state comes back', async () => {
    const page = await openPage()
    await view(page, 'data')
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: /Download/ }).click()
    const file = await (await download).path()
    expect(file).toBeTruthy()
    page.once('dialog', (d) => void d.accept())
    await page.getByRole('button', { name: 'Reset to seed' }).click()
    await page.getByRole('status').filter({ hasText: 'Reset' }).waitFor()
    expect(
      (await (await fetch(`${mock.baseUrl}/v1/users?email=hooked@example.com`, { headers: ADMIN })).json())
        .data,
    ).toHaveLength(0)
    await page.getByLabel('State file').setInputFiles(file!)
    await page.getByRole('button', { name: 'Import' }).click()
    await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor()
    expect(
      (await (await fetch(`${mock.baseUrl}/v1/users?email=hooked@example.com`, { headers: ADMIN })).json())
        .data,
    ).toHaveLength(1)
    await screenshot(page, 'dashboard-data')
  })
})
