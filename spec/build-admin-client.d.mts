/** Every generated admin-client file (`users.ts`, …) of packages/node/src/admin/generated, formatted, from the spec. */
export function buildAdminClient(spec: unknown): Promise<Map<string, string>>
