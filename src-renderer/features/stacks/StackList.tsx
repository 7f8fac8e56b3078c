import { useState } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { NameDialog } from '../../components/NameDialog'
import { useAppStore } from '../../store'

type Asking =
  { kind: 'new' } | { kind: 'duplicate' | 'rename' | 'delete' | 'discard'; name: string } | null

export const StackList = () => {
  const stacks = useAppStore((state) => state.stacks)
  const current = useAppStore((state) => state.draft?.name ?? null)
  const edit = useAppStore((state) => state.editStack)
  const create = useAppStore((state) => state.newStack)
  const copy = useAppStore((state) => state.copyStack)
  const remove = useAppStore((state) => state.deleteStack)
  const close = useAppStore((state) => state.closeDraft)
  const dirty = useAppStore((state) => state.draftDirty)
  const [asking, setAsking] = useState<Asking>(null)

  const open = (name: string) => {
    if (dirty && name !== current) setAsking({ kind: 'discard', name })
    else edit(name)
  }

  const afterCopy = async (from: string, to: string, rename: boolean) => {
    setAsking(null)
    if (await copy(from, to, rename)) edit(to)
  }

  return (
    <aside className="stack-list" aria-label="Stacks">
      <button
        type="button"
        className="primary"
        onClick={() => setAsking({ kind: 'new' })}
        data-testid="stack-new"
      >
        New stack
      </button>
      <ul data-testid="stack-list">
        {stacks.map((stack) => (
          <li
            key={stack.name}
            className={stack.name === current ? 'stack-item current' : 'stack-item'}
          >
            <button
              type="button"
              className="stack-open"
              aria-current={stack.name === current ? 'true' : undefined}
              onClick={() => open(stack.name)}
              data-testid="stack-item"
              data-name={stack.name}
            >
              {stack.name} <small>{stack.stack_operations.length} ops</small>
            </button>
            <span className="stack-actions">
              <button
                type="button"
                onClick={() => setAsking({ kind: 'duplicate', name: stack.name })}
                aria-label={`Duplicate ${stack.name}`}
                data-testid="stack-duplicate"
              >
                Duplicate
              </button>
              <button
                type="button"
                onClick={() => setAsking({ kind: 'rename', name: stack.name })}
                aria-label={`Rename ${stack.name}`}
                data-testid="stack-rename"
              >
                Rename
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => setAsking({ kind: 'delete', name: stack.name })}
                aria-label={`Delete ${stack.name}`}
                data-testid="stack-delete"
              >
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      {asking?.kind === 'new' && (
        <NameDialog
          title="New stack"
          label="Name"
          initial=""
          submitLabel="Create"
          onCancel={() => setAsking(null)}
          onSubmit={(name) => {
            setAsking(null)
            create(name)
          }}
        />
      )}
      {(asking?.kind === 'duplicate' || asking?.kind === 'rename') && (
        <NameDialog
          title={asking.kind === 'rename' ? `Rename ${asking.name}` : `Duplicate ${asking.name}`}
          label="New name"
          initial={`${asking.name}-copy`}
          submitLabel={asking.kind === 'rename' ? 'Rename' : 'Duplicate'}
          onCancel={() => setAsking(null)}
          onSubmit={(name) => void afterCopy(asking.name, name, asking.kind === 'rename')}
        />
      )}
      {asking?.kind === 'discard' && (
        <ConfirmDialog
          title="Discard unsaved changes?"
          confirmLabel="Discard"
          danger
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null)
            edit(asking.name)
          }}
        >
          <p>The changes to {current} have not been saved.</p>
        </ConfirmDialog>
      )}
      {asking?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete stack ${asking.name}?`}
          confirmLabel="Delete"
          danger
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            const name = asking.name
            setAsking(null)
            void remove(name).then((done) => done && name === current && close())
          }}
        >
          <p>Render URLs that use this stack will stop working.</p>
        </ConfirmDialog>
      )}
    </aside>
  )
}
