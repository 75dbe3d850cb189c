// One voice for the whole repository (issue 18, item 4): `pnpm lint` runs ESLint over every source, test, script,
// example and the <script> of every Vue SFC, with zero warnings allowed. Formatting is prettier's job (`pnpm
// format:check`), so no stylistic rules here.
import { defineConfig } from 'eslint/config'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default defineConfig(
  {
    // Build output, generated code and tool caches: never hand-written, never linted.
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/coverage/',
      '**/.next/',
      '**/next-env.d.ts',
      '**/test-output/',
      '**/test-results/',
      '**/playwright-report/',
      '**/generated/',
      'spec/openapi.json',
      'docs/api/',
      '.hellojohn-mock/',
      'mock-server/.test-dist/',
      'mock-server/bench/.dist/',
      // MSW's service worker, copied verbatim from the msw package by `msw init`.
      '**/public/mockServiceWorker.js',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  {
    // TypeScript inside Vue SFCs (`<script setup lang="ts">`).
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // The code runs in browsers, Node, edge runtimes and tests; the type checker (not ESLint) decides which
      // globals each package may use, through its tsconfig `lib`/`types`.
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-sequences': ['error', { allowInParentheses: false }],
      'no-throw-literal': 'error',
      'prefer-const': 'error',
      'no-var': 'error',
      // An empty block is an error; an empty `catch` is allowed only when a comment in it says why the error is
      // dropped (ESLint treats a block holding a comment as not empty).
      'no-empty': ['error', { allowEmptyCatch: false }],
      // `interface UsersApi extends UsersOperations {}` names a public type (TypeDoc shows it, users can augment it);
      // an empty interface with no or several supertypes is still an error.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // React: the two classic hook rules. The plugin's `recommended` set also carries the React Compiler rules, which
    // this code base does not target.
    files: ['**/*.tsx', '**/*.jsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Tests call the vitest helper `useMockServer()` at module level; it registers beforeAll/afterAll hooks and is no
    // React hook, but its `use` prefix makes rules-of-hooks read it as one.
    files: ['**/__tests__/**/*.tsx'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // Tests read JSON bodies the server under test sent and assert on their shape; `any` is the honest type of such a
    // body before the assertion. Source code stays `any`-free.
    files: ['**/__tests__/**', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The example app names its page-level views after the page (Dashboard.vue, Sessions.vue); none of them collides
    // with an HTML element, which is what this rule guards against.
    files: ['examples/**/*.vue'],
    rules: { 'vue/multi-word-component-names': 'off' },
  },
  {
    // CommonJS fixtures and helpers (loaded with require() on purpose).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
