/** The OpenAPI document built from spec/src (what spec/build.mjs writes to spec/openapi.json). */
export declare function buildDocument(): Record<string, unknown>
export declare const API_VERSION: string
