#!/usr/bin/env node
// The `hellojohn-mock` command. The CLI itself is built into dist/; this small file is committed so that the bin
// exists before any build, and installing a workspace that depends on this package links it without a warning.
try {
  await import('../dist/cli.js')
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('cli.js')) {
    console.error(
      'hellojohn-mock: the package is not built yet (dist/cli.js is missing): run `npx -y pnpm@10 build`.',
    )
    process.exit(1)
  }
  throw error
}
