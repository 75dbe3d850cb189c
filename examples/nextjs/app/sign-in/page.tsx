import { SignInForm } from './sign-in-form'

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const value = (await searchParams).redirect_url
  return (
    <main>
      <h1>Sign in</h1>
      <SignInForm redirectUrl={typeof value === 'string' ? value : '/dashboard'} />
    </main>
  )
}
