import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

it('passes Redocly lint (recommended-strict, redocly.yaml) with no errors or warnings', () => {
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/@redocly/cli/bin/cli.js',
      'lint',
      'spec/openapi.json',
      '--config',
      'redocly.yaml',
      '--format',
      'summary',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NO_COLOR: '1',
      },
      timeout: 60_000,
    },
  )
  const output = `${run.stdout}\n${run.stderr}`
  expect(output).toContain('Your API description is valid')
  expect(output).not.toMatch(/\b(error|warning)\s+[a-z0-9-]+:\s*\d+/)
  expect(run.status).toBe(0)
}, 60_000)
