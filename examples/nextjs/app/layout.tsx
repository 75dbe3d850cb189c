import { HelloJohnProvider } from '@hellojohn/nextjs'
import { getHelloJohnProps } from '@hellojohn/nextjs/server'
import type { ReactNode } from 'react'
import { hellojohn } from '../hellojohn.config'

export const metadata = { title: 'HelloJohn × Next.js' }

export default async function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body
        style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '2rem auto', padding: '0 1rem' }}
      >
        <HelloJohnProvider {...await getHelloJohnProps(hellojohn)}>{children}</HelloJohnProvider>
      </body>
    </html>
  )
}
