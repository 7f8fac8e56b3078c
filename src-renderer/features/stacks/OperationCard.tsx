import type { OperationSchema } from '@shared/operations'
import { useState, type DragEvent, type KeyboardEvent } from 'react'
import { useAppStore } from '../../store'
import type { DraftOperation } from '../../store/draft'
import { OperationForm } from './OperationForm'

export const DRAG_TYPE = 'application/x-darkroom-operation'

interface Props {
  operation: DraftOperation
  index: number
  count: number
  schema: OperationSchema | undefined
  errors: Readonly<Record<string, string>>
}

export const OperationCard = ({ operation, index, count, schema, errors }: Props) => {
  const move = useAppStore((state) => state.moveOperation)
  const toggle = useAppStore((state) => state.toggleOperation)
  const remove = useAppStore((state) => state.removeOperation)
  const [over, setOver] = useState(false)
  const invalid = Object.keys(errors).some((key) => key.startsWith(`${operation.id}.`))

  const onDrop = (event: DragEvent<HTMLLIElement>) => {
    event.preventDefault()
    setOver(false)
    const id = event.dataTransfer.getData(DRAG_TYPE)
    if (id !== '' && id !== operation.id) move(id, index)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!event.altKey) return
    if (event.key === 'ArrowUp' && index > 0) move(operation.id, index - 1)
    else if (event.key === 'ArrowDown' && index < count - 1) move(operation.id, index + 1)
    else return
    event.preventDefault()
  }

  return (
    <li
      className={[
        'operation',
        over ? 'drop-over' : '',
        operation.enabled ? '' : 'operation-off',
        invalid ? 'operation-invalid' : ''
      ]
        .filter(Boolean)
        .join(' ')}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes(DRAG_TYPE)) return
        event.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="operation"
      data-name={operation.name}
    >
      <header className="operation-head" onKeyDown={onKeyDown}>
        <span
          className="drag-handle"
          draggable
          onDragStart={(event) => {
            event.dataTransfer.setData(DRAG_TYPE, operation.id)
            event.dataTransfer.effectAllowed = 'move'
          }}
          title="Drag to reorder (or Alt+↑/↓)"
          aria-hidden="true"
        >
          ⠿
        </span>
        <strong>
          {index + 1}. {operation.name}
        </strong>
        <label className="check">
          <input
            type="checkbox"
            checked={operation.enabled}
            onChange={() => toggle(operation.id)}
            data-testid="operation-enabled"
          />
          Enabled
        </label>
        <button
          type="button"
          disabled={index === 0}
          onClick={() => move(operation.id, index - 1)}
          aria-label={`Move ${operation.name} up`}
          data-testid="operation-up"
        >
          ↑
        </button>
        <button
          type="button"
          disabled={index === count - 1}
          onClick={() => move(operation.id, index + 1)}
          aria-label={`Move ${operation.name} down`}
          data-testid="operation-down"
        >
          ↓
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => remove(operation.id)}
          aria-label={`Remove ${operation.name}`}
          data-testid="operation-remove"
        >
          Remove
        </button>
      </header>
      <OperationForm operation={operation} schema={schema} errors={errors} />
    </li>
  )
}
