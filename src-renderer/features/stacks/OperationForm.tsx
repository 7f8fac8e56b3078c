import type { OperationSchema } from '@shared/operations'
import { useAppStore } from '../../store'
import { operationFieldId, type DraftOperation } from '../../store/draft'
import { OptionField } from './OptionField'

interface Props {
  operation: DraftOperation
  schema: OperationSchema | undefined
  errors: Readonly<Record<string, string>>
}

/** The form of one operation, generated from its published schema. */
export const OperationForm = ({ operation, schema, errors }: Props) => {
  const setValue = useAppStore((state) => state.setOperationValue)
  if (schema === undefined) {
    return (
      <p className="field-error">The server does not list an operation named {operation.name}.</p>
    )
  }
  const keys = Object.keys(schema.properties).filter((key) => key !== 'enabled')
  const required = new Set([...(schema.required ?? []), ...(schema.oneOf ?? [])])
  return (
    <div className="operation-form">
      {keys.length === 0 && <p className="hint">No options.</p>}
      {keys.map((key) => {
        const option = schema.properties[key]
        if (option === undefined) return null
        const fieldId = operationFieldId(operation.id, key)
        return (
          <OptionField
            key={key}
            id={fieldId}
            name={key}
            schema={option}
            value={operation.values[key]}
            error={errors[fieldId]}
            required={required.has(key)}
            onChange={(value) => setValue(operation.id, key, value)}
          />
        )
      })}
      <p className="hint">Tip: write [expression] in a text field to use an expression.</p>
    </div>
  )
}
