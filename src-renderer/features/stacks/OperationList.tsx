import { useState } from 'react'
import { useAppStore } from '../../store'
import type { StackDraft } from '../../store/draft'
import { OperationCard } from './OperationCard'

interface Props {
  draft: StackDraft
  errors: Readonly<Record<string, string>>
}

export const OperationList = ({ draft, errors }: Props) => {
  const schemas = useAppStore((state) => state.operationSchemas)
  const add = useAppStore((state) => state.addOperation)
  const names = Object.keys(schemas)
  const [choice, setChoice] = useState('')
  const picked = choice !== '' ? choice : (names[0] ?? '')
  return (
    <section className="panel-section" aria-labelledby="ops-title">
      <h3 id="ops-title">Operations</h3>
      {draft.operations.length === 0 && (
        <p className="hint">No operations: the image renders as is.</p>
      )}
      <ol className="operations" data-testid="operation-list">
        {draft.operations.map((operation, index) => (
          <OperationCard
            key={operation.id}
            operation={operation}
            index={index}
            count={draft.operations.length}
            schema={schemas[operation.name]}
            errors={errors}
          />
        ))}
      </ol>
      <div className="inline-form">
        <label>
          Add operation
          <select
            value={picked}
            onChange={(e) => setChoice(e.target.value)}
            data-testid="operation-picker"
          >
            {names.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={picked === ''}
          onClick={() => add(picked)}
          data-testid="operation-add"
        >
          Add
        </button>
      </div>
    </section>
  )
}
