import { URLS } from './env'
import { exampleApp } from './example-app'

/** Page helpers for the Vue example (examples/vue-vite). */
export const vueApp = exampleApp('vue', URLS.vue, /Vue example|Welcome back|Create your account/)
