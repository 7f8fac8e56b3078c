import { useEffect } from 'react'
import { AppShell } from './components/AppShell'
import { takeOneTimeToken } from './lib/session-token'
import { useAppStore } from './store'

let started = false

export const App = () => {
  const status = useAppStore((state) => state.status)
  const error = useAppStore((state) => state.sessionError)
  const connect = useAppStore((state) => state.connect)

  useEffect(() => {
    // StrictMode runs effects twice; the token works only once
    if (started) return
    started = true
    void connect(takeOneTimeToken())
  }, [connect])

  if (status === 'ready') return <AppShell />
  return (
    <main className="splash" data-testid="session-status">
      <h1>Darkroom</h1>
      {status === 'failed' ? (
        <p role="alert" className="error">
          {error?.message ?? 'Could not open a session.'}
        </p>
      ) : (
        <p aria-live="polite">Connecting…</p>
      )}
    </main>
  )
}
