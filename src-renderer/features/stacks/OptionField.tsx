import type { OptionSchema } from '@shared/operations'
import { primaryType, type DraftValue } from '../../store/option-value'

interface Props {
  id: string
  name: string
  schema: OptionSchema
  value: DraftValue | undefined
  error: string | undefined
  required: boolean
  onChange: (value: DraftValue) => void
}

const rangeHint = ({ minimum, maximum }: OptionSchema): string =>
  minimum !== undefined && maximum !== undefined ? `${minimum}–${maximum}` : ''

/** One input generated from an option schema; `[…]` in a text field is an expression. */
export const OptionField = ({ id, name, schema, value, error, required, onChange }: Props) => {
  const type = primaryType(schema)
  const fallback =
    schema.default === null || schema.default === undefined ? '' : String(schema.default)
  const hintId = `${id}-hint`
  const described = error === undefined ? hintId : `${hintId} ${id}-error`
  const common = {
    id,
    'aria-invalid': error !== undefined,
    'aria-describedby': described,
    'data-testid': `option-${name}`
  }

  let control
  if (type === 'boolean' && typeof value !== 'string') {
    control = (
      <input
        {...common}
        type="checkbox"
        checked={value ?? schema.default === true}
        onChange={(event) => onChange(event.target.checked)}
      />
    )
  } else if (schema.values !== undefined) {
    control = (
      <select
        {...common}
        value={String(value ?? '')}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{fallback === '' ? '(not set)' : `default (${fallback})`}</option>
        {schema.values.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    )
  } else {
    control = (
      <input
        {...common}
        type="text"
        inputMode={type === 'integer' || type === 'number' ? 'decimal' : undefined}
        placeholder={fallback}
        value={String(value ?? '')}
        onChange={(event) => onChange(event.target.value)}
      />
    )
  }

  return (
    <div className={error === undefined ? 'option' : 'option option-invalid'}>
      <label htmlFor={id}>
        {name}
        {required && <span aria-label="required"> *</span>}
      </label>
      {control}
      <small id={hintId} className="hint">
        {[type, rangeHint(schema), schema.description].filter(Boolean).join(' · ')}
      </small>
      {error !== undefined && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  )
}
