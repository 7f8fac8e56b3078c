import { useId, useState } from 'react'
import { copyText } from '../lib/clipboard'

interface Props {
  label: string
  value: string
  testId: string
  multiline?: boolean
}

/** A read-only value with a copy button. */
export const CopyField = ({ label, value, testId, multiline = false }: Props) => {
  const id = useId()
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null)
  const copy = async () => {
    setCopied((await copyText(value)) ? 'yes' : 'no')
    setTimeout(() => setCopied(null), 1500)
  }
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        {multiline ? (
          <textarea
            id={id}
            readOnly
            value={value}
            rows={value.split('\n').length}
            data-testid={testId}
          />
        ) : (
          <input id={id} readOnly value={value} data-testid={testId} />
        )}
        <button type="button" onClick={() => void copy()} data-testid={`${testId}-copy`}>
          {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Select and copy' : 'Copy'}
        </button>
      </div>
    </div>
  )
}
