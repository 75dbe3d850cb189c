import { URLS } from './env'
import { exampleApp } from './example-app'

/** Page helpers for the React example (examples/react-vite). */
export const reactApp = exampleApp('react', URLS.react, /React example|Welcome back|Create your account/)
