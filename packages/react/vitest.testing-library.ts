// Setup file of the react and react18 projects: Testing Library's waitFor/findBy give up after 1 s by default.
// A sign-in against the mock hashes a password and signs tokens, which on a loaded 2-core CI machine can take
// longer than that; the hooks' tests are about what they show, not about how fast the machine is.
import { configure } from '@testing-library/react'

configure({ asyncUtilTimeout: 10_000 })
