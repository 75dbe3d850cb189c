// Types of what the TypeScript tests import from mock-process.mjs (the benches themselves are plain node scripts).

/** Bundles the CLI from the sources into `outDir` (default bench/.dist); resolves to the path of the bundle. */
export function buildCli(outDir?: string): Promise<string>
