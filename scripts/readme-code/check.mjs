#!/usr/bin/env node
// README code check: every TypeScript/JavaScript block of every README either runs against the mock server or is
// marked as a fragment with a reason.
//
//   node scripts/readme-code/check.mjs            (root script `test:readme`; needs `pnpm build` first)
//
// For each fenced block tagged ts/js/typescript/javascript/mjs:
// - preceded by `<!-- readme-code: fragment (reason) -->` (blank lines allowed in between): skipped, reason printed;
// - otherwise: transpiled with TypeScript (types stripped, nothing else changed), written to a scratch directory
//   whose node_modules links the workspace packages (their built dist/, as an installed package would be) and
//   express, and run with Node. `http://localhost:3000` in the code is the mock server this script starts, and
//   `http://localhost:4000` is examples/node-express (createApp), both on their own ports (README_CODE_PORT_BASE,
//   default 19150). The block passes when the process exits 0 within the timeout.
// Blocks tagged tsx/jsx/vue cannot run on their own and must be marked as fragments.
// Every README is also checked for `npx hellojohn-mock` (an unscoped name on the registry: use
// `npx -p @hellojohn/mock-server hellojohn-mock`).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const require = createRequire(import.meta.url)
const ts = require('typescript')

const PORT_BASE = Number(process.env.README_CODE_PORT_BASE ?? 19150)
const MOCK_URL = `http://localhost:${PORT_BASE}`
const NODE_API_URL = `http://localhost:${PORT_BASE + 1}`
const TIMEOUT_MS = Number(process.env.README_CODE_TIMEOUT_MS ?? 30_000)
const RUNNABLE = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs'])
const NEEDS_MARK = new Set(['tsx', 'jsx', 'vue'])
const FRAGMENT = /<!--\s*readme-code:\s*fragment\s*\(([^)]*)\)\s*-->/

/** Every README of the repository we publish or point users to. */
function readmes() {
  const found = ['README.md', 'mock-server/README.md', 'e2e/README.md']
  for (const dir of ['packages', 'examples']) {
    for (const name of readdirSync(join(ROOT, dir))) {
      const file = join(dir, name, 'README.md')
      if (existsSync(join(ROOT, file))) found.push(file)
    }
  }
  return found.filter((f) => existsSync(join(ROOT, f))).sort()
}

/** Fenced code blocks with their language, first line number and the fragment reason, if marked. */
export function extractBlocks(markdown) {
  const lines = markdown.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+)\s*([\w-]*)/.exec(lines[i])
    if (!open) continue
    const fence = open[2]
    const lang = open[3].toLowerCase()
    let j = i + 1
    while (j < lines.length && !lines[j].trimStart().startsWith(fence)) j++
    let k = i - 1
    while (k >= 0 && lines[k].trim() === '') k--
    const mark = k >= 0 ? FRAGMENT.exec(lines[k]) : null
    blocks.push({
      lang,
      line: i + 1,
      code: lines.slice(i + 1, j).join('\n'),
      fragment: mark ? mark[1].trim() : null,
    })
    i = j
  }
  return blocks
}

/** A scratch project whose node_modules resolve like an app that installed the packages. */
function scratchProject() {
  const dir = join(ROOT, 'test-output', 'readme-code')
  rmSync(dir, { recursive: true, force: true })
  const links = {
    '@hellojohn/js': 'packages/js',
    '@hellojohn/node': 'packages/node',
    '@hellojohn/react': 'packages/react',
    '@hellojohn/vue': 'packages/vue',
    '@hellojohn/mock-server': 'mock-server',
    '@hellojohn/testing': 'packages/testing',
    express: 'examples/node-express/node_modules/express',
  }
  for (const [name, target] of Object.entries(links)) {
    const at = join(dir, 'node_modules', name)
    mkdirSync(dirname(at), { recursive: true })
    symlinkSync(join(ROOT, target), at, 'dir')
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }))
  return dir
}

function transpile(code) {
  return ts.transpileModule(code, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
  }).outputText
}

function run(file, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], {
      cwd,
      env: { ...process.env, HELLOJOHN_BASE_URL: MOCK_URL, HELLOJOHN_ISSUER: MOCK_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const timer = setTimeout(() => {
      output += `\n(killed after ${TIMEOUT_MS} ms: the block did not finish)`
      child.kill('SIGKILL')
    }, TIMEOUT_MS)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

async function startServers() {
  for (const dist of [
    'mock-server/dist/node.js',
    'packages/node/dist/index.js',
    'packages/js/dist/index.js',
  ]) {
    if (!existsSync(join(ROOT, dist))) {
      throw new Error(
        `${dist} is missing: run \`npx -y pnpm@10 build\` first (README code uses the built packages).`,
      )
    }
  }
  const { startHelloJohnServer } = await import(pathToFileURL(join(ROOT, 'mock-server/dist/node.js')).href)
  const mock = await startHelloJohnServer({ port: PORT_BASE, rateLimit: false, webhooks: false })
  const { createApp } = await import(pathToFileURL(join(ROOT, 'examples/node-express/src/app.js')).href)
  const { app } = createApp({
    port: PORT_BASE + 1,
    baseUrl: MOCK_URL,
    tenantId: 'tnt_demo',
    secretKey: 'sk_test_demo',
    webhookSecret: 'whsec_readme_code_check',
    publicUrl: NODE_API_URL,
    allowedOrigins: [],
    log: () => {},
  })
  const nodeApi = await new Promise((resolve, reject) => {
    const server = app.listen(PORT_BASE + 1, (error) => (error ? reject(error) : resolve(server)))
  })
  return {
    mock,
    async close() {
      await new Promise((r) => nodeApi.close(r))
      nodeApi.closeAllConnections?.()
      await mock.close()
    },
  }
}

async function main() {
  const failures = []
  let ran = 0
  let fragments = 0
  const files = readmes()
  for (const file of files) {
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/npx (-y )?hellojohn-mock\b/.test(line)) {
          failures.push(
            `${file}:${i + 1}: \`npx hellojohn-mock\` asks the registry for an unscoped package that is not ours: write \`npx -p @hellojohn/mock-server hellojohn-mock\``,
          )
        }
      })
  }

  const dir = scratchProject()
  const servers = await startServers()
  try {
    for (const file of files) {
      const blocks = extractBlocks(readFileSync(join(ROOT, file), 'utf8'))
      for (const block of blocks) {
        const where = `${file}:${block.line} (${block.lang})`
        if (!RUNNABLE.has(block.lang) && !NEEDS_MARK.has(block.lang)) continue
        if (block.fragment !== null) {
          if (block.fragment === '') failures.push(`${where}: a fragment marker needs a reason`)
          else console.log(`– ${where}: fragment (${block.fragment})`)
          fragments++
          continue
        }
        if (NEEDS_MARK.has(block.lang)) {
          failures.push(
            `${where}: a ${block.lang} block cannot run on its own: mark it <!-- readme-code: fragment (reason) -->`,
          )
          continue
        }
        await servers.mock.controls.reset()
        const code = block.code
          .replaceAll('http://localhost:3000', MOCK_URL)
          .replaceAll('http://localhost:4000', NODE_API_URL)
        const name = `${file.replace(/[^\w]+/g, '_')}_${block.line}.mjs`
        writeFileSync(join(dir, name), transpile(code))
        const started = Date.now()
        const { code: exit, output } = await run(join(dir, name), dir)
        ran++
        if (exit === 0) {
          console.log(`✓ ${where}: ran in ${Date.now() - started} ms`)
        } else {
          console.log(`✗ ${where}: exit ${exit}`)
          failures.push(`${where}: exited ${exit}:\n${output.trim().split('\n').slice(0, 20).join('\n')}`)
        }
      }
    }
  } finally {
    await servers.close()
  }

  console.log(
    `\n${files.length} READMEs: ${ran} blocks run against the mock server, ${fragments} marked as fragments (${relative(ROOT, dir)}/ has the extracted files)`,
  )
  if (failures.length > 0) {
    console.error(`\n${failures.length} problem(s):\n${failures.map((f) => `- ${f}`).join('\n')}`)
    process.exit(1)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
