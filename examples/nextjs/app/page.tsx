import Link from 'next/link'
import { auth } from '@hellojohn/nextjs/server'
import { hellojohn } from '../hellojohn.config'

export default async function Home() {
  const { userId } = await auth(hellojohn)
  return (
    <main>
      <h1>HelloJohn × Next.js</h1>
      <p>{userId ? `Signed in (${userId}).` : 'Signed out.'}</p>
      <p>
        <Link href="/dashboard">Dashboard</Link> · <Link href="/sign-in">Sign in</Link>
      </p>
    </main>
  )
}
