import { useEffect, useState } from 'react'
import { CopyField } from '../../components/CopyField'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorText } from '../../components/ErrorText'
import { formatDate } from '../../lib/format'
import { useAppStore } from '../../store'

export const ApiKeys = () => {
  const keys = useAppStore((state) => state.apiKeys)
  const secret = useAppStore((state) => state.newApiKey)
  const error = useAppStore((state) => state.apiKeysError)
  const load = useAppStore((state) => state.loadApiKeys)
  const create = useAppStore((state) => state.createApiKey)
  const revoke = useAppStore((state) => state.revokeApiKey)
  const [comment, setComment] = useState('')
  const [revoking, setRevoking] = useState<string | null>(null)

  useEffect(() => void load(), [load])

  return (
    <section className="panel-section" aria-labelledby="keys-title">
      <h3 id="keys-title">API keys</h3>
      <ErrorText error={error} testId="apikeys-error" />
      <table className="keys" data-testid="apikey-list">
        <thead>
          <tr>
            <th scope="col">Comment</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} data-testid="apikey-row">
              <td>{key.comment ?? <em>none</em>}</td>
              <td>{formatDate(key.created)}</td>
              <td>{key.accessed === null ? 'never' : formatDate(key.accessed)}</td>
              <td>
                <button
                  type="button"
                  className="danger"
                  onClick={() => setRevoking(key.id)}
                  data-testid="apikey-revoke"
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          void create(comment).then(() => setComment(''))
        }}
      >
        <label>
          Comment
          <input
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder="e.g. build server"
            data-testid="apikey-comment"
          />
        </label>
        <button type="submit" className="primary" data-testid="apikey-create">
          Create key
        </button>
      </form>
      {secret !== null && (
        <div className="secret" role="status">
          <CopyField
            label="New key — copy it now, it is not shown again"
            value={secret}
            testId="apikey-secret"
          />
        </div>
      )}
      {revoking !== null && (
        <ConfirmDialog
          title="Revoke API key?"
          confirmLabel="Revoke"
          danger
          onCancel={() => setRevoking(null)}
          onConfirm={() => {
            const id = revoking
            setRevoking(null)
            void revoke(id)
          }}
        >
          <p>
            Programs using “{keys.find((key) => key.id === revoking)?.comment ?? revoking}” stop
            working at once. Revoking the studio’s own key signs this studio out.
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}
