import { describe } from 'vitest'
import { useExamplePage } from './support/example-app'
import { quickstartFlowTests } from './support/flows'
import { reactApp } from './support/react-app'

const open = useExamplePage(reactApp)

describe('React example: the flows every quickstart shows', () => {
  quickstartFlowTests(reactApp, open, { provider: 'GitHub', email: 'github-user@example.com' })
})
