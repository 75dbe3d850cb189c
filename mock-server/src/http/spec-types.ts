/**
 * Operation types generated from spec/openapi.json (openapi-typescript), taken from @hellojohn/js so the mock
 * and the SDK share one copy. The route layer derives path params, request bodies and response bodies per
 * operation from them.
 */
export type { components, operations, paths } from '@hellojohn/js'
