/** Reads `#token=…` and removes it from the address bar so a reload or a shared link can't reuse it. */
export const takeOneTimeToken = (): string | null => {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''))
  const token = params.get('token')
  if (token !== null) {
    history.replaceState(null, '', window.location.pathname + window.location.search)
  }
  return token
}
