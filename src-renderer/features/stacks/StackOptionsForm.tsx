import { useState } from 'react'
import { useAppStore } from '../../store'
import { stackOptionFieldId, type StackDraft } from '../../store/draft'
import { OptionField } from './OptionField'

interface Props {
  draft: StackDraft
  errors: Readonly<Record<string, string>>
}

/** Stack options from `GET /stackoptions`: the ones set, plus a picker to set another. */
export const StackOptionsForm = ({ draft, errors }: Props) => {
  const schemas = useAppStore((state) => state.stackOptionSchemas)
  const setOption = useAppStore((state) => state.setStackOption)
  const shown = Object.keys(draft.options)
  const unused = Object.keys(schemas).filter((key) => !shown.includes(key))
  const [choice, setChoice] = useState('')
  const picked = choice !== '' && unused.includes(choice) ? choice : (unused[0] ?? '')
  return (
    <section className="panel-section" aria-labelledby="stackopts-title">
      <h3 id="stackopts-title">Stack options</h3>
      <div className="operation-form">
        {shown.map((key) => {
          const schema = schemas[key] ?? { type: 'string' as const }
          const fieldId = stackOptionFieldId(key)
          return (
            <OptionField
              key={key}
              id={fieldId}
              name={key}
              schema={schema}
              value={draft.options[key]}
              error={errors[fieldId]}
              required={false}
              onChange={(value) => setOption(key, value)}
            />
          )
        })}
      </div>
      <div className="inline-form">
        <label>
          Add stack option
          <select
            value={picked}
            onChange={(e) => setChoice(e.target.value)}
            data-testid="stack-option-picker"
          >
            {unused.map((key) => (
              <option key={key}>{key}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={picked === ''}
          onClick={() => setOption(picked, schemas[picked]?.default === true ? true : '')}
          data-testid="stack-option-add"
        >
          Add
        </button>
      </div>
    </section>
  )
}
