import { fileURLToPath } from 'node:url'

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // for `pnpm size` (packages/nextjs/scripts/size.mjs): client bytes attributed to their packages
  productionBrowserSourceMaps: true,
  // the workspace packages are symlinked from ../../packages: let Turbopack see the whole repository
  turbopack: { root: fileURLToPath(new URL('../..', import.meta.url)) },
}

export default nextConfig
