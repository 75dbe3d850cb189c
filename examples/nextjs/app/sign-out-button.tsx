/** A plain form: works without JavaScript; the route handler ends the session, clears the cookies and redirects. */
export function SignOutButton() {
  return (
    <form method="post" action="/api/hellojohn/sign-out">
      <input type="hidden" name="redirect_url" value="/sign-in" />
      <button type="submit">Sign out</button>
    </form>
  )
}
