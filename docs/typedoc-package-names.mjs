// TypeDoc plugin: names each module of the API reference after the import specifier users write
// (packages/js/src/index.ts → "@hellojohn/js", mock-server/src/node.ts → "@hellojohn/mock-server/node").
import { Converter } from 'typedoc'

const NAMES = {
  'packages/js/src/index.ts': '@hellojohn/js',
  'packages/node/src/index.ts': '@hellojohn/node',
  'packages/react/src/index.ts': '@hellojohn/react',
  'packages/vue/src/index.ts': '@hellojohn/vue',
  'mock-server/src/index.ts': '@hellojohn/mock-server',
  'mock-server/src/node.ts': '@hellojohn/mock-server/node',
  'mock-server/src/browser.ts': '@hellojohn/mock-server/browser',
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.children ?? []) {
      const file = mod.sources?.[0]?.fullFileName?.replaceAll('\\', '/') ?? ''
      const hit = Object.entries(NAMES).find(([path]) => file.endsWith(`/${path}`))
      if (hit) mod.name = hit[1]
    }
    context.project.children?.sort((a, b) => a.name.localeCompare(b.name))
  })
}
