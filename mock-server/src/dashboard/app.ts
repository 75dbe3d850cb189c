/** What the server passes to the dashboard (the choices of the auth config form). */
export interface DashboardOptions {
  authMethods: readonly string[]
  mfaMethods: readonly string[]
}

/**
 * The dashboard, as one self-contained function: the server sends `(${dashboardApp})()` as an ES module, so
 * the user needs no bundler and the code is still type-checked here. It must not refer to anything outside
 * its own body.
 *
 * It talks to the real API with the selected tenant's secret key, and to the `/__mock/` controls, on its own
 * origin. Every DOM node is built with `h()` (textContent, never innerHTML), so data from the API is never
 * parsed as HTML.
 */
export function dashboardApp(options: DashboardOptions): void {
  type Json = Record<string, unknown>
  type Child = Node | string | null | undefined | false
  interface TenantInfo {
    id: string
    name: string
    secret_key: string | null
    publishable_key: string | null
  }
  /**
   * An API or /__mock/ call answered with an error status; `body` is the answer's JSON (null when it was not
   * JSON).
   */
  class ApiFailure extends Error {
    constructor(
      readonly status: number,
      readonly body: Json | null,
    ) {
      super(`Request failed (${status})`)
    }
  }

  const root = document.getElementById('app') as HTMLElement
  const VIEWS: [string, string][] = [
    ['tenants', 'Tenants'],
    ['users', 'Users'],
    ['sessions', 'Sessions'],
    ['organizations', 'Organizations'],
    ['outbox', 'Outbox'],
    ['webhooks', 'Webhooks'],
    ['auth-config', 'Auth config'],
    ['clock', 'Clock & faults'],
    ['audit', 'Audit log'],
    ['data', 'Export / import'],
  ]
  // With --controls-token (e.g. bound to 0.0.0.0 in Docker) every /__mock/ call needs the token. It comes
  // from the prompt below or from a link ending in #token=…, is kept for this tab only (sessionStorage) and
  // is removed from the address bar and history at once; the fragment is never sent to the server, so it
  // never reaches a log.
  const TOKEN_KEY = 'hj-mock-controls-token'
  const hashParts = location.hash.slice(1).split(/[?&]/)
  const fromHash = hashParts.find((p) => p.startsWith('token='))
  if (fromHash !== undefined) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(fromHash.slice('token='.length)))
    const rest = hashParts.filter((p) => p !== '' && !p.includes('=')).join('')
    history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`)
  }
  let controlsToken = sessionStorage.getItem(TOKEN_KEY) ?? ''
  let tenants: TenantInfo[] = []
  let tenantId = localStorage.getItem('hj-mock-tenant') ?? ''
  let poll: ReturnType<typeof setInterval> | undefined

  function h(tag: string, attrs: Record<string, unknown> = {}, ...children: Child[]): HTMLElement {
    const el = document.createElement(tag)
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener)
      else if (k === 'value') (el as HTMLInputElement).value = String(v)
      else el.setAttribute(k, v === true ? '' : String(v))
    }
    for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c)
    return el
  }
  const text = (v: unknown): string =>
    v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  const pretty = (v: unknown): string => JSON.stringify(v, null, 2)
  const tenant = (): TenantInfo | undefined => tenants.find((t) => t.id === tenantId)

  async function call(path: string, init: RequestInit & { json?: unknown } = {}, auth = true): Promise<Json> {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) }
    const t = tenant()
    if (auth && t?.secret_key) {
      headers['Authorization'] = `Bearer ${t.secret_key}`
      headers['X-Tenant-ID'] = t.id
    }
    if (!auth && controlsToken) headers['X-HelloJohn-Mock-Token'] = controlsToken
    let body = init.body
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(init.json)
    }
    const res = await fetch(path, { ...init, headers, body: body ?? null })
    const raw = await res.text()
    let parsed: Json | null
    try {
      parsed = raw ? (JSON.parse(raw) as Json) : {}
    } catch {
      parsed = null
    }
    if (!res.ok) throw new ApiFailure(res.status, parsed)
    return parsed ?? {}
  }
  const api = (path: string, init: RequestInit & { json?: unknown } = {}) => call(path, init, true)
  const control = (path: string, init: RequestInit & { json?: unknown } = {}) => call(path, init, false)

  /**
   * A /__mock/ call refused for want of the controls token (missing, wrong, or the server restarted with
   * another).
   */
  const needsToken = (e: unknown): boolean => {
    if (!(e instanceof ApiFailure)) return false
    return e.status === 401 && (e.body?.['error'] as Json | undefined)?.['code'] === 'unauthorized'
  }

  /** The API's own error envelope, shown as is: message plus each detail's field and message. */
  function errorBox(e: unknown): HTMLElement {
    const err = (e instanceof ApiFailure ? (e.body?.['error'] ?? null) : null) as Json | null
    if (!err)
      return h(
        'div',
        { class: 'error', role: 'alert' },
        e instanceof Error ? e.message : 'Request failed (network error)',
      )
    const details = Array.isArray(err['details']) ? (err['details'] as Json[]) : []
    return h(
      'div',
      { class: 'error', role: 'alert' },
      h('strong', {}, `${text(err['code'])}: `),
      text(err['message']),
      details.length
        ? h(
            'ul',
            {},
            ...details.map((d) => h('li', {}, h('code', {}, text(d['field'])), ` ${text(d['message'])}`)),
          )
        : null,
    )
  }
  function ok(message: string): HTMLElement {
    return h('div', { class: 'ok', role: 'status' }, message)
  }
  /** Runs an action and shows its outcome in `slot`; re-renders the view on success unless told not to. */
  async function act(
    slot: HTMLElement,
    fn: () => Promise<unknown>,
    success: string,
    rerender = true,
  ): Promise<void> {
    slot.replaceChildren()
    try {
      await fn()
      if (rerender) await render()
      else slot.replaceChildren(ok(success))
    } catch (e) {
      slot.replaceChildren(errorBox(e))
    }
  }
  function table(headers: string[], rows: HTMLElement[], attrs: Record<string, unknown> = {}): HTMLElement {
    return h(
      'table',
      attrs,
      h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', {}, x)))),
      h('tbody', {}, ...rows),
    )
  }
  const time = (v: unknown): string =>
    typeof v === 'string' ? v.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : text(v)
  function jsonField(value: unknown, name: string, rows = 4): HTMLTextAreaElement {
    return h('textarea', { name, rows, value: pretty(value ?? {}) }) as HTMLTextAreaElement
  }
  function parseJsonField(area: HTMLTextAreaElement, label: string): unknown {
    try {
      return JSON.parse(area.value || '{}') as unknown
    } catch {
      throw new Error(`${label} is not valid JSON.`)
    }
  }
  function copyButton(value: string, label = 'Copy'): HTMLElement {
    return h(
      'button',
      { type: 'button', onclick: () => void navigator.clipboard?.writeText(value).catch(() => undefined) },
      label,
    )
  }
  const form = (e: Event): FormData => {
    e.preventDefault()
    return new FormData(e.currentTarget as HTMLFormElement)
  }
  const str = (d: FormData, k: string): string => String(d.get(k) ?? '').trim()
  /** An id from the API as one path segment. */
  const seg = (v: unknown): string => encodeURIComponent(String(v))
  const code = (v: unknown): HTMLElement => h('code', {}, text(v))
  /** A table row; each cell is one child of its `<td>` or a list of them. */
  function tr(attrs: Record<string, unknown>, ...cells: (Child | Child[])[]): HTMLElement {
    return h('tr', attrs, ...cells.map((c) => h('td', {}, ...(Array.isArray(c) ? c : [c]))))
  }
  interface ActOptions {
    /** Re-render the view on success (default) or show `success` in the slot. */
    rerender?: boolean
    /** The button's style. */
    kind?: 'primary' | 'danger'
    /** Ask this first; nothing runs unless the user confirms. */
    confirmFirst?: string
  }
  /** A button that runs `fn` through {@link act}, its outcome shown in `slot`. */
  function actButton(
    label: string,
    slot: HTMLElement,
    fn: () => Promise<unknown>,
    success: string,
    { rerender = true, kind, confirmFirst }: ActOptions = {},
  ): HTMLElement {
    const onclick = () => {
      if (confirmFirst === undefined || confirm(confirmFirst)) void act(slot, fn, success, rerender)
    }
    return h('button', { class: kind, onclick }, label)
  }
  /** A form (a row of fields unless `row` is false) whose submit runs `submit` through {@link act}. */
  function actForm(
    label: string,
    slot: HTMLElement,
    submit: (d: FormData) => Promise<unknown>,
    success: string,
    { rerender = true, row = true }: { rerender?: boolean; row?: boolean },
    ...children: Child[]
  ): HTMLElement {
    const onsubmit = (e: Event) => {
      const d = form(e)
      void act(slot, () => submit(d), success, rerender)
    }
    return h('form', { class: row ? 'row' : undefined, 'aria-label': label, onsubmit }, ...children)
  }
  const submitButton = (label: string, kind?: 'primary'): HTMLElement =>
    h('button', { type: 'submit', class: kind }, label)
  /** A labelled grid of form fields: label, field, label, field… */
  const fieldGrid = (...pairs: [string, Child][]): HTMLElement =>
    h('div', { class: 'grid' }, ...pairs.flatMap(([label, field]) => [h('label', {}, label), field]))

  // ------------------------------------------------------------------------------------------------------
  // views
  async function tenantsView(): Promise<HTMLElement> {
    return h(
      'section',
      {},
      h('h2', {}, 'Tenants'),
      table(
        ['Tenant', 'Name', 'Publishable key', 'Secret key', ''],
        tenants.map((t) =>
          tr(
            {},
            code(t.id),
            t.name,
            code(t.publishable_key),
            code(t.secret_key),
            t.id === tenantId
              ? h('span', { class: 'badge good' }, 'selected')
              : h('button', { onclick: () => selectTenant(t.id) }, 'Select'),
          ),
        ),
      ),
      h(
        'p',
        { class: 'muted' },
        'Every other view works on the selected tenant through the real API with its secret key.',
      ),
    )
  }

  let userSearch = { field: 'q', value: '' }
  let userCursor: string | null = null
  async function usersView(): Promise<HTMLElement> {
    const qs = new URLSearchParams({ limit: '25' })
    if (userSearch.value) qs.set(userSearch.field, userSearch.value)
    if (userCursor) qs.set('cursor', userCursor)
    const page = await api(`/v1/users?${qs}`)
    const users = page['data'] as Json[]
    const pagination = page['pagination'] as Json
    const slot = h('div')
    const detail = h('div')
    const search = h(
      'form',
      {
        class: 'row',
        'aria-label': 'Search users',
        onsubmit: (e: Event) => {
          const d = form(e)
          userSearch = { field: str(d, 'field'), value: str(d, 'value') }
          userCursor = null
          void render()
        },
      },
      h(
        'select',
        { name: 'field', 'aria-label': 'Search by' },
        ...[
          ['q', 'any field'],
          ['email', 'email'],
          ['phone_number', 'phone'],
          ['external_id', 'external id'],
        ].map(([v, l]) => h('option', { value: v, selected: userSearch.field === v }, l ?? '')),
      ),
      h('input', {
        name: 'value',
        placeholder: 'search users',
        value: userSearch.value,
        'aria-label': 'Search value',
      }),
      h('button', { type: 'submit' }, 'Search'),
      userSearch.value
        ? h(
            'button',
            {
              type: 'button',
              onclick: () => {
                userSearch = { field: 'q', value: '' }
                userCursor = null
                void render()
              },
            },
            'Clear',
          )
        : null,
    )
    const create = actForm(
      'Create user',
      slot,
      (d) => {
        const body: Json = { email: str(d, 'email') }
        for (const k of ['password', 'name', 'phone_number', 'external_id'])
          if (str(d, k)) body[k] = str(d, k)
        return api('/v1/users', { method: 'POST', json: body })
      },
      'User created.',
      {},
      h('input', { name: 'email', placeholder: 'email', required: true }),
      h('input', { name: 'password', placeholder: 'password (optional)', type: 'password' }),
      h('input', { name: 'name', placeholder: 'name' }),
      h('input', { name: 'phone_number', placeholder: '+15555550100' }),
      h('input', { name: 'external_id', placeholder: 'external id' }),
      submitButton('Create user', 'primary'),
    )
    const rows = users.map((u) =>
      tr(
        { class: 'clickable', onclick: () => void showUser(detail, String(u['id'])) },
        text(u['email']),
        text(u['name']),
        text(u['phone_number']),
        text(u['external_id']),
        code(u['id']),
        time(u['created_at']),
      ),
    )
    return h(
      'section',
      {},
      h('h2', {}, 'Users'),
      search,
      h('div', { class: 'card' }, h('h3', {}, 'New user'), create),
      slot,
      table(['Email', 'Name', 'Phone', 'External id', 'Id', 'Created'], rows),
      h(
        'div',
        { class: 'row' },
        h('span', { class: 'muted' }, `${users.length} shown of ${text(pagination['total'])}`),
        userCursor
          ? h(
              'button',
              {
                onclick: () => {
                  userCursor = null
                  void render()
                },
              },
              'First page',
            )
          : null,
        pagination['next_cursor']
          ? h(
              'button',
              {
                onclick: () => {
                  userCursor = String(pagination['next_cursor'])
                  void render()
                },
              },
              'Next page',
            )
          : null,
      ),
      detail,
    )
  }

  async function showUser(detail: HTMLElement, id: string): Promise<void> {
    const slot = h('div')
    let u: Json
    try {
      u = await api(`/v1/users/${seg(id)}`)
    } catch (e) {
      detail.replaceChildren(errorBox(e))
      return
    }
    const pub = jsonField(u['public_metadata'], 'public_metadata')
    const priv = jsonField(u['private_metadata'], 'private_metadata')
    const token = h('div')
    const edit = actForm(
      'Edit user',
      slot,
      async (d) => {
        const body: Json = {
          name: str(d, 'name') || null,
          phone_number: str(d, 'phone_number') || null,
          external_id: str(d, 'external_id') || null,
          public_metadata: parseJsonField(pub, 'Public metadata'),
          private_metadata: parseJsonField(priv, 'Private metadata'),
        }
        if (str(d, 'email') && str(d, 'email') !== u['email']) body['email'] = str(d, 'email')
        await api(`/v1/users/${seg(id)}`, { method: 'PATCH', json: body })
        await showUser(detail, id)
      },
      'Saved.',
      { rerender: false, row: false },
      fieldGrid(
        ['Email', h('input', { name: 'email', value: u['email'] })],
        ['Name', h('input', { name: 'name', value: u['name'] ?? '' })],
        ['Phone number', h('input', { name: 'phone_number', value: u['phone_number'] ?? '' })],
        ['External id', h('input', { name: 'external_id', value: u['external_id'] ?? '' })],
        ['Public metadata', pub],
        ['Private metadata', priv],
      ),
      h('div', { class: 'row' }, submitButton('Save', 'primary')),
    )
    const once = { rerender: false }
    const actions = h(
      'div',
      { class: 'row' },
      actButton(
        'Impersonate',
        slot,
        async () => {
          const r = await api(`/v1/users/${seg(id)}/impersonate`, {
            method: 'POST',
            json: { reason: 'mock dashboard' },
          })
          const at = String(r['access_token'])
          token.replaceChildren(
            h(
              'div',
              { class: 'card' },
              h('strong', {}, 'Impersonation access token '),
              copyButton(at, 'Copy token'),
              h('pre', { 'data-testid': 'impersonation-token' }, at),
            ),
          )
        },
        'Token issued.',
        once,
      ),
      actButton(
        'Reset MFA',
        slot,
        () => api(`/v2/admin/users/${seg(id)}/mfa`, { method: 'DELETE' }),
        'MFA reset: every factor and backup code was removed.',
        once,
      ),
      actButton(
        'Revoke sessions',
        slot,
        () => api(`/v1/users/${seg(id)}/sessions/revoke`, { method: 'POST', json: {} }),
        'Every session of this user was revoked.',
        once,
      ),
      actButton('Delete user', slot, () => api(`/v1/users/${seg(id)}`, { method: 'DELETE' }), 'Deleted.', {
        kind: 'danger',
        confirmFirst: `Delete ${String(u['email'])}?`,
      }),
    )
    detail.replaceChildren(
      h(
        'div',
        { class: 'card', 'data-testid': 'user-detail' },
        h('h3', {}, `User ${String(u['email'])}`),
        h(
          'p',
          { class: 'muted' },
          h('code', {}, id),
          ` · status ${text(u['status'])} · MFA ${u['mfa_enabled'] ? 'on' : 'off'}`,
        ),
        edit,
        actions,
        slot,
        token,
      ),
    )
  }

  async function sessionsView(): Promise<HTMLElement> {
    const page = await api('/v1/sessions?limit=50&status=active')
    const slot = h('div')
    const rows = (page['data'] as Json[]).map((s) =>
      tr(
        {},
        code(s['id']),
        code(s['user_id']),
        text(s['status']),
        text(s['method'] ?? s['auth_method']),
        time(s['created_at']),
        time(s['expires_at']),
        actButton(
          'Revoke',
          slot,
          () => api(`/v1/sessions/${seg(s['id'])}/revoke`, { method: 'POST', json: {} }),
          'Revoked.',
          { kind: 'danger' },
        ),
      ),
    )
    return h(
      'section',
      {},
      h('h2', {}, 'Active sessions'),
      slot,
      table(['Session', 'User', 'Status', 'Method', 'Created', 'Expires', ''], rows),
    )
  }

  async function organizationsView(): Promise<HTMLElement> {
    const page = await api('/v1/organizations?limit=50')
    const slot = h('div')
    const detail = h('div')
    const create = actForm(
      'Create organization',
      slot,
      (d) =>
        api('/v1/organizations', {
          method: 'POST',
          json: { name: str(d, 'name'), ...(str(d, 'slug') ? { slug: str(d, 'slug') } : {}) },
        }),
      'Created.',
      {},
      h('input', { name: 'name', placeholder: 'name', required: true }),
      h('input', { name: 'slug', placeholder: 'slug (optional)' }),
      submitButton('Create organization', 'primary'),
    )
    const rows = (page['data'] as Json[]).map((o) =>
      tr(
        { class: 'clickable', onclick: () => void showOrganization(detail, o) },
        text(o['name']),
        text(o['slug']),
        code(o['id']),
        text(o['members_count'] ?? ''),
      ),
    )
    return h(
      'section',
      {},
      h('h2', {}, 'Organizations'),
      h('div', { class: 'card' }, create),
      slot,
      table(['Name', 'Slug', 'Id', 'Members'], rows),
      detail,
    )
  }

  async function showOrganization(detail: HTMLElement, org: Json): Promise<void> {
    const id = seg(org['id'])
    const slot = h('div')
    let members: Json[]
    let invitations: Json[]
    try {
      members = (await api(`/v1/organizations/${id}/members?limit=100`))['data'] as Json[]
      invitations = (await api(`/v1/organizations/${id}/invitations?limit=100`))['data'] as Json[]
    } catch (e) {
      detail.replaceChildren(errorBox(e))
      return
    }
    const messages = ((await control('/__mock/outbox?kind=invitation'))['data'] as Json[]) ?? []
    /** Runs a change, then shows the organization again (its outcome in `slot`). */
    /** Runs a change, then shows the organization again. */
    const thenRefresh =
      <A extends unknown[]>(fn: (...args: A) => Promise<unknown>) =>
      async (...args: A): Promise<void> => {
        await fn(...args)
        await showOrganization(detail, org)
      }
    const once = { rerender: false }
    const addMember = actForm(
      'Add member',
      slot,
      thenRefresh((d) =>
        api(`/v1/organizations/${id}/members`, {
          method: 'POST',
          json: { user_id: str(d, 'user_id'), role: str(d, 'role') },
        }),
      ),
      'Added.',
      once,
      h('input', { name: 'user_id', placeholder: 'user id (usr_…)', required: true }),
      h(
        'select',
        { name: 'role' },
        h('option', {}, 'member'),
        h('option', {}, 'admin'),
        h('option', {}, 'owner'),
      ),
      submitButton('Add member'),
    )
    const invite = actForm(
      'Invite',
      slot,
      thenRefresh((d) =>
        api(`/v1/organizations/${id}/invitations`, {
          method: 'POST',
          json: {
            email: str(d, 'email'),
            role: str(d, 'role'),
            ...(str(d, 'redirect_url') ? { redirect_url: str(d, 'redirect_url') } : {}),
          },
        }),
      ),
      'Invited.',
      once,
      h('input', { name: 'email', placeholder: 'email to invite', required: true }),
      h('select', { name: 'role' }, h('option', {}, 'member'), h('option', {}, 'admin')),
      h('input', { name: 'redirect_url', placeholder: 'accept page URL (optional)', size: 30 }),
      submitButton('Invite'),
    )
    const memberRows = members.map((m) => {
      const user = (m['user'] ?? {}) as Json
      const userId = String(m['user_id'] ?? user['id'])
      return tr(
        {},
        text(user['email'] ?? userId),
        text(m['role']),
        actButton(
          'Remove',
          slot,
          thenRefresh(() => api(`/v1/organizations/${id}/members/${seg(userId)}`, { method: 'DELETE' })),
          'Removed.',
          { ...once, kind: 'danger' },
        ),
      )
    })
    const invitationRows = invitations.map((i) => {
      const msg = messages.filter((m) => m['to'] === i['email']).pop()
      const link = msg?.['link']
      return tr(
        {},
        text(i['email']),
        text(i['role']),
        text(i['status']),
        typeof link === 'string'
          ? h('a', { href: link, target: '_blank', rel: 'noreferrer' }, 'invitation link')
          : h('span', { class: 'muted' }, text(msg?.['token'])),
        i['status'] === 'pending'
          ? actButton(
              'Revoke',
              slot,
              thenRefresh(() =>
                api(`/v1/organizations/${id}/invitations/${seg(i['id'])}`, { method: 'DELETE' }),
              ),
              'Revoked.',
              { ...once, kind: 'danger' },
            )
          : null,
      )
    })
    detail.replaceChildren(
      h(
        'div',
        { class: 'card', 'data-testid': 'org-detail' },
        h('h3', {}, `${String(org['name'])}: members`),
        table(['User', 'Role', ''], memberRows),
        addMember,
        h('h3', {}, 'Invitations'),
        table(['Email', 'Role', 'Status', 'Link', ''], invitationRows),
        invite,
        slot,
      ),
    )
  }

  async function outboxView(): Promise<HTMLElement> {
    const messages = ((await control('/__mock/outbox'))['data'] as Json[])
      .filter((m) => !tenantId || m['tenant_id'] === tenantId)
      .reverse()
    const rows = messages.map((m) =>
      tr(
        {},
        time(m['created_at']),
        h('span', { class: 'badge' }, `${text(m['channel'])} · ${text(m['kind'])}`),
        text(m['to']),
        text(m['subject']),
        [
          typeof m['code'] === 'string'
            ? h('div', {}, 'code ', h('code', { class: 'code' }, m['code']), ' ', copyButton(m['code']))
            : null,
          typeof m['link'] === 'string'
            ? h('div', {}, h('a', { href: m['link'], target: '_blank', rel: 'noreferrer' }, m['link']))
            : null,
          !m['code'] && !m['link'] ? text(m['body']) : null,
        ],
      ),
    )
    return h(
      'section',
      {},
      h('h2', {}, 'Outbox'),
      h('p', { class: 'muted' }, 'Emails and SMS the mock "sent", newest first; refreshes every 2 s.'),
      table(['Sent', 'Kind', 'To', 'Subject', 'Code / link'], rows),
    )
  }

  async function webhooksView(): Promise<HTMLElement> {
    const hooks = (await api('/v1/webhooks?limit=100'))['data'] as Json[]
    const deliveries = ((await control('/__mock/webhook-deliveries'))['data'] as Json[])
      .filter((d) => hooks.some((w) => w['id'] === d['webhook_id']))
      .reverse()
    const slot = h('div')
    const create = actForm(
      'Add webhook endpoint',
      slot,
      (d) => {
        const events = str(d, 'events')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
        return api('/v1/webhooks', { method: 'POST', json: { url: str(d, 'url'), events } })
      },
      'Added.',
      {},
      h('input', { name: 'url', placeholder: 'https://example.com/webhooks', size: 36, required: true }),
      h('input', {
        name: 'events',
        placeholder: 'user.created, user.updated',
        size: 30,
        value: 'user.created, user.updated, user.deleted',
      }),
      submitButton('Add endpoint', 'primary'),
    )
    const hookRows = hooks.map((w) =>
      tr(
        {},
        code(w['url']),
        (w['events'] as string[]).join(', '),
        w['enabled']
          ? h('span', { class: 'badge good' }, 'enabled')
          : h('span', { class: 'badge' }, 'disabled'),
        [
          actButton(
            'Send test',
            slot,
            () => api(`/v1/webhooks/${seg(w['id'])}/test`, { method: 'POST', json: {} }),
            'Test event sent.',
          ),
          ' ',
          actButton(
            'Delete',
            slot,
            () => api(`/v1/webhooks/${seg(w['id'])}`, { method: 'DELETE' }),
            'Deleted.',
            {
              kind: 'danger',
            },
          ),
        ],
      ),
    )
    const deliveryRows = deliveries.map((d) => {
      let payload: unknown = d['payload']
      try {
        payload = JSON.parse(String(d['payload']))
      } catch {
        // shown as sent
      }
      const status = String(d['status'])
      return tr(
        {},
        [text(d['event_type']), h('div', { class: 'muted' }, time(d['created_at']))],
        [
          h(
            'span',
            { class: `badge ${status === 'succeeded' ? 'good' : status === 'failed' ? 'bad' : ''}` },
            status,
          ),
          h('div', {}, `attempts ${text(d['attempt'])} · HTTP ${text(d['response_status'])}`),
          d['error'] ? h('div', { class: 'muted' }, text(d['error'])) : null,
        ],
        h(
          'details',
          {},
          h('summary', {}, 'payload & signature'),
          h('div', {}, 'HelloJohn-Signature: ', code(d['signature_header'])),
          h('pre', {}, pretty(payload)),
        ),
        actButton(
          'Redeliver',
          slot,
          () => control(`/__mock/webhook-deliveries/${seg(d['id'])}/redeliver`, { method: 'POST' }),
          'Redelivered.',
        ),
      )
    })
    return h(
      'section',
      {},
      h('h2', {}, 'Webhooks'),
      h('div', { class: 'card' }, create),
      slot,
      table(['URL', 'Events', '', ''], hookRows),
      h('h3', {}, 'Deliveries'),
      table(['Event', 'Result', 'Payload', ''], deliveryRows, { 'data-testid': 'deliveries' }),
    )
  }

  async function authConfigView(): Promise<HTMLElement> {
    const path = `/v2/admin/tenants/${encodeURIComponent(tenantId)}/auth/config`
    const cfg = await api(path)
    const slot = h('div')
    const area = jsonField(cfg, 'config', 28)
    area.setAttribute('aria-label', 'Auth config JSON')
    const policy = (cfg['password_policy'] ?? {}) as Json
    const ttl = (cfg['session_config'] ?? {}) as Json
    const checks = (name: string, choices: readonly string[], chosen: unknown) =>
      h(
        'div',
        { class: 'row', role: 'group', 'aria-label': name },
        ...choices.map((c) =>
          h(
            'label',
            {},
            h('input', {
              type: 'checkbox',
              name,
              value: c,
              checked: Array.isArray(chosen) && chosen.includes(c),
            }),
            ` ${c}`,
          ),
        ),
      )
    const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : '')
    const num = (d: FormData, k: string) => (str(d, k) === '' ? undefined : Number(str(d, k)))
    /** PATCHes the auth config and shows the saved answer in the JSON editor. */
    const patchConfig = async (patch: Json): Promise<void> => {
      area.value = pretty(await api(path, { method: 'PATCH', json: patch }))
    }
    const quick = actForm(
      'Auth settings',
      slot,
      (d) => {
        const split = (k: string) =>
          str(d, k)
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        return patchConfig({
          allowed_auth_methods: d.getAll('allowed_auth_methods').map(String),
          allowed_email_domains: split('allowed_email_domains'),
          mfa_required: d.get('mfa_required') !== null,
          mfa_methods: d.getAll('mfa_methods').map(String),
          mfa_required_roles: split('mfa_required_roles'),
          password_policy: {
            min_length: num(d, 'min_length'),
            max_length: num(d, 'max_length'),
            password_history: num(d, 'password_history'),
          },
          session_config: {
            access_token_ttl: num(d, 'access_token_ttl'),
            refresh_token_ttl: num(d, 'refresh_token_ttl'),
          },
        })
      },
      'Saved: the API accepted the settings.',
      { rerender: false, row: false },
      fieldGrid(
        ['Sign-in methods', checks('allowed_auth_methods', options.authMethods, cfg['allowed_auth_methods'])],
        [
          'Email domains',
          h('input', {
            name: 'allowed_email_domains',
            value: list(cfg['allowed_email_domains']),
            placeholder: 'any domain',
            'aria-label': 'Allowed email domains',
          }),
        ],
        [
          'MFA',
          h(
            'label',
            {},
            h('input', { type: 'checkbox', name: 'mfa_required', checked: cfg['mfa_required'] === true }),
            ' required for everyone',
          ),
        ],
        ['MFA methods', checks('mfa_methods', options.mfaMethods, cfg['mfa_methods'])],
        [
          'MFA required for roles',
          h('input', {
            name: 'mfa_required_roles',
            value: list(cfg['mfa_required_roles']),
            'aria-label': 'MFA required roles',
          }),
        ],
        [
          'Password length',
          h(
            'div',
            { class: 'row' },
            h('input', {
              name: 'min_length',
              type: 'number',
              value: policy['min_length'],
              'aria-label': 'Minimum password length',
              size: 5,
            }),
            ' to ',
            h('input', {
              name: 'max_length',
              type: 'number',
              value: policy['max_length'],
              'aria-label': 'Maximum password length',
              size: 5,
            }),
            ' history ',
            h('input', {
              name: 'password_history',
              type: 'number',
              value: policy['password_history'],
              'aria-label': 'Password history',
              size: 4,
            }),
          ),
        ],
        [
          'Token lifetimes (s)',
          h(
            'div',
            { class: 'row' },
            'access ',
            h('input', {
              name: 'access_token_ttl',
              type: 'number',
              value: ttl['access_token_ttl'],
              'aria-label': 'Access token TTL',
            }),
            ' refresh ',
            h('input', {
              name: 'refresh_token_ttl',
              type: 'number',
              value: ttl['refresh_token_ttl'],
              'aria-label': 'Refresh token TTL',
            }),
          ),
        ],
      ),
      h('div', { class: 'row' }, submitButton('Save settings', 'primary')),
    )
    const save = actForm(
      'Auth config',
      slot,
      () => {
        // read-only fields of the GET answer are not part of the PATCH body
        const {
          tenant_id: _t,
          created_at: _c,
          updated_at: _u,
          ...patch
        } = parseJsonField(area, 'The auth config') as Json
        return patchConfig(patch)
      },
      'Saved: the API accepted the configuration.',
      { rerender: false, row: false },
      h(
        'p',
        { class: 'muted' },
        'Sign-in methods, allowed email domains, password and MFA policy, token lifetimes and JWT claims. Saved with PATCH; the API\u2019s own validation errors appear below.',
      ),
      area,
      h('div', { class: 'row' }, submitButton('Save auth config', 'primary')),
    )
    return h(
      'section',
      {},
      h('h2', {}, `Auth config of ${tenantId}`),
      h('div', { class: 'card' }, quick),
      slot,
      h('h3', {}, 'Everything, as JSON (password rules, JWT claims, SSO…)'),
      save,
    )
  }

  async function clockView(): Promise<HTMLElement> {
    const now = (await control('/__mock/clock', { method: 'POST', json: { advance_ms: 0 } }))['now']
    const faults = ((await control('/__mock/faults'))['data'] as Json[]) ?? []
    const slot = h('div')
    const advance = (label: string, ms: number) =>
      actButton(
        label,
        slot,
        () => control('/__mock/clock', { method: 'POST', json: { advance_ms: ms } }),
        'Advanced.',
      )
    const fault = actForm(
      'Add fault',
      slot,
      (d) => {
        const body: Json = { path: str(d, 'path') }
        if (str(d, 'method')) body['method'] = str(d, 'method')
        for (const k of ['status', 'delay_ms', 'times']) if (str(d, k)) body[k] = Number(str(d, k))
        if (d.get('drop')) body['drop'] = true
        return control('/__mock/faults', { method: 'POST', json: body })
      },
      'Fault added.',
      {},
      h('input', { name: 'path', placeholder: '/v1/auth/sign-in', required: true }),
      h('input', { name: 'method', placeholder: 'method (any)', size: 8 }),
      h('input', { name: 'status', placeholder: 'status e.g. 503', size: 10 }),
      h('input', { name: 'delay_ms', placeholder: 'delay ms', size: 8 }),
      h('input', { name: 'times', placeholder: 'times (1)', size: 8 }),
      h('label', {}, h('input', { type: 'checkbox', name: 'drop' }), ' drop connection'),
      submitButton('Add fault', 'primary'),
    )
    return h(
      'section',
      {},
      h('h2', {}, 'Clock'),
      h(
        'div',
        { class: 'card' },
        h('p', {}, 'Mock time: ', h('strong', { 'data-testid': 'mock-now' }, text(now))),
        h(
          'div',
          { class: 'row' },
          advance('+1 minute', 60_000),
          advance('+1 hour', 3_600_000),
          advance('+1 day', 86_400_000),
          actButton(
            'Reset clock',
            slot,
            () => control('/__mock/clock', { method: 'DELETE' }),
            'Clock reset.',
          ),
        ),
      ),
      slot,
      h('h2', {}, 'Faults'),
      h('div', { class: 'card' }, fault),
      table(
        ['Path', 'Method', 'Status', 'Delay', 'Drop', 'Remaining'],
        faults.map((f) =>
          tr(
            {},
            code(f['path']),
            text(f['method'] ?? 'any'),
            text(f['status']),
            text(f['delay_ms']),
            f['drop'] ? 'yes' : 'no',
            text(f['remaining']),
          ),
        ),
      ),
      actButton('Clear faults', slot, () => control('/__mock/faults', { method: 'DELETE' }), 'Cleared.'),
    )
  }

  async function auditView(): Promise<HTMLElement> {
    const page = await api('/v1/audit-logs?limit=100')
    const rows = (page['data'] as Json[]).map((a) => {
      const actor = (a['actor'] ?? {}) as Json
      const resource = (a['resource'] ?? {}) as Json
      return tr(
        {},
        time(a['created_at']),
        code(a['action']),
        `${text(actor['type'])} ${text(actor['id'])}`,
        `${text(resource['type'])} ${text(resource['id'])}`,
        code(a['metadata']),
      )
    })
    return h(
      'section',
      {},
      h('h2', {}, 'Audit log'),
      table(['When', 'Action', 'Actor', 'Resource', 'Metadata'], rows),
    )
  }

  async function dataView(): Promise<HTMLElement> {
    const slot = h('div')
    const file = h('input', {
      type: 'file',
      accept: 'application/json,.json',
      'aria-label': 'State file',
    }) as HTMLInputElement
    return h(
      'section',
      {},
      h('h2', {}, 'Export, import, reset'),
      h(
        'div',
        { class: 'card' },
        h('h3', {}, 'Export'),
        h(
          'p',
          { class: 'muted' },
          'The whole state (every tenant, user, session, key and message) as versioned JSON.',
        ),
        h(
          'a',
          {
            href: '/__mock/export',
            download: 'hellojohn-mock-state.json',
            // a link cannot send the token header: with a token, fetch the file and hand it over as a blob
            onclick: (e: Event) => {
              if (!controlsToken) return
              e.preventDefault()
              void act(
                slot,
                async () => {
                  const res = await fetch('/__mock/export', {
                    headers: { 'X-HelloJohn-Mock-Token': controlsToken },
                  })
                  if (!res.ok) throw new ApiFailure(res.status, (await res.json()) as Json)
                  const url = URL.createObjectURL(await res.blob())
                  const a = h('a', { href: url, download: 'hellojohn-mock-state.json' })
                  a.click()
                  setTimeout(() => URL.revokeObjectURL(url), 10_000)
                },
                'Exported.',
                false,
              )
            },
          },
          'Download hellojohn-mock-state.json',
        ),
      ),
      h(
        'div',
        { class: 'card' },
        h('h3', {}, 'Import'),
        h(
          'p',
          { class: 'muted' },
          'A file from Export (or hellojohn-mock export), or a seed {"tenants": [...]}. It replaces the current state.',
        ),
        h(
          'div',
          { class: 'row' },
          file,
          actButton(
            'Import',
            slot,
            async () => {
              const f = file.files?.[0]
              if (!f) throw new Error('Choose a file first.')
              const r = await control('/__mock/import', {
                method: 'POST',
                body: await f.text(),
                headers: { 'Content-Type': 'application/json' },
              })
              await loadTenants()
              return r
            },
            'Imported.',
            { rerender: false, kind: 'primary' },
          ),
        ),
      ),
      h(
        'div',
        { class: 'card' },
        h('h3', {}, 'Reset'),
        h('p', { class: 'muted' }, 'Back to the seed: data, outbox, faults, rate limits, clock and keys.'),
        actButton(
          'Reset to seed',
          slot,
          async () => {
            await control('/__mock/reset', { method: 'POST' })
            await loadTenants()
          },
          'Reset.',
          { rerender: false, kind: 'danger', confirmFirst: 'Reset the mock to its seed?' },
        ),
      ),
      slot,
    )
  }

  const RENDER: Record<string, () => Promise<HTMLElement>> = {
    tenants: tenantsView,
    users: usersView,
    sessions: sessionsView,
    organizations: organizationsView,
    outbox: outboxView,
    webhooks: webhooksView,
    'auth-config': authConfigView,
    clock: clockView,
    audit: auditView,
    data: dataView,
  }

  // ------------------------------------------------------------------------------------------------------
  // shell
  async function loadTenants(): Promise<void> {
    tenants = ((await control('/__mock/tenants'))['data'] as unknown as TenantInfo[]) ?? []
    if (!tenants.some((t) => t.id === tenantId)) tenantId = tenants[0]?.id ?? ''
  }
  function selectTenant(id: string): void {
    tenantId = id
    localStorage.setItem('hj-mock-tenant', id)
    void render()
  }
  const current = (): string => {
    const v = location.hash.replace(/^#\/?/, '')
    return RENDER[v] ? v : 'users'
  }

  let rendering = 0
  async function render(): Promise<void> {
    const ticket = ++rendering
    const view = current()
    if (poll) clearInterval(poll)
    poll = undefined
    const header = h(
      'header',
      {},
      h('h1', {}, 'HelloJohn mock'),
      h(
        'select',
        {
          'aria-label': 'Tenant',
          onchange: (e: Event) => selectTenant((e.target as HTMLSelectElement).value),
        },
        ...tenants.map((t) =>
          h('option', { value: t.id, selected: t.id === tenantId }, `${t.name} (${t.id})`),
        ),
      ),
      h('span', { class: 'muted' }, location.host),
      controlsToken ? h('button', { type: 'button', onclick: forgetToken }, 'Forget token') : null,
    )
    const nav = h(
      'nav',
      {},
      ...VIEWS.map(([id, label]) =>
        h('a', { href: `#/${id}`, class: id === view ? 'active' : undefined }, label),
      ),
    )
    let body: HTMLElement
    try {
      body = await (RENDER[view] as () => Promise<HTMLElement>)()
    } catch (e) {
      if (needsToken(e)) return tokenPrompt(controlsToken ? 'The mock refused the token.' : undefined)
      body = h('section', {}, errorBox(e))
    }
    if (ticket !== rendering) return
    root.replaceChildren(header, nav, h('main', { 'data-view': view }, body))
    if (view === 'outbox') {
      poll = setInterval(() => {
        if (current() === 'outbox' && !document.hidden) void render()
      }, 2_000)
    }
  }

  function forgetToken(): void {
    controlsToken = ''
    sessionStorage.removeItem(TOKEN_KEY)
    tenants = []
    tokenPrompt()
  }

  /** Asks for the --controls-token; nothing else is shown (or fetched) until the mock accepts it. */
  function tokenPrompt(problem?: string): void {
    if (poll) clearInterval(poll)
    poll = undefined
    const input = h('input', {
      type: 'password',
      name: 'token',
      autocomplete: 'off',
      required: true,
      'aria-label': 'Controls token',
      placeholder: '--controls-token value',
    }) as HTMLInputElement
    const slot = h('div', {}, problem ? h('div', { class: 'error', role: 'alert' }, problem) : null)
    const onsubmit = (e: Event) => {
      form(e)
      controlsToken = input.value.trim()
      sessionStorage.setItem(TOKEN_KEY, controlsToken)
      void start()
    }
    root.replaceChildren(
      h('header', {}, h('h1', {}, 'HelloJohn mock'), h('span', { class: 'muted' }, location.host)),
      h(
        'main',
        { 'data-view': 'token' },
        h(
          'form',
          { class: 'card', 'aria-label': 'Controls token', onsubmit },
          h('h2', {}, 'Controls token'),
          h(
            'p',
            { class: 'muted' },
            'This mock was started with --controls-token: enter that value to open the dashboard. It is kept in this tab only.',
          ),
          h(
            'div',
            { class: 'row' },
            input,
            h('button', { class: 'primary', type: 'submit' }, 'Open dashboard'),
          ),
          slot,
        ),
      ),
    )
    input.focus()
  }

  async function start(): Promise<void> {
    try {
      await loadTenants()
    } catch (e) {
      if (needsToken(e)) {
        if (controlsToken) sessionStorage.removeItem(TOKEN_KEY)
        tokenPrompt(controlsToken ? 'The mock refused that token.' : undefined)
        controlsToken = ''
        return
      }
      root.replaceChildren(errorBox(e))
      return
    }
    await render()
  }

  window.addEventListener('hashchange', () => void render())
  void start()
}
