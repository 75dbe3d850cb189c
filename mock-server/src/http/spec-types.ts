/**
 * Operation types generated from spec/openapi.json (openapi-typescript), the same types @hellojohn/js uses.
 * The route layer derives path params, request bodies and response bodies per operation from them.
 */
export type { components, operations, paths } from '../../../packages/js/src/generated/openapi'
