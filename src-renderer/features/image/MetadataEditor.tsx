import type { SourceImage } from '@shared/api/sourceimages'
import { useState } from 'react'
import {
  checkName,
  joinKey,
  METADATA_TYPES,
  metadataText,
  parseMetadataValue,
  splitKey,
  type MetadataType
} from '../../lib/metadata-value'
import { useAppStore } from '../../store'

const MetadataRow = ({ field, value }: { field: string; value: unknown }) => {
  const patch = useAppStore((state) => state.patchMetadata)
  const busy = useAppStore((state) => state.detailBusy)
  const { type, name } = splitKey(field)
  const [text, setText] = useState(metadataText(value))
  const parsed = parseMetadataValue(type, text)
  const error = 'error' in parsed ? parsed.error : undefined
  const id = `meta-${field}`
  return (
    <li className="meta-row" data-testid="metadata-row">
      <label htmlFor={id}>
        {name} <small>{type}</small>
      </label>
      <input
        id={id}
        value={text}
        aria-invalid={error !== undefined}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && 'value' in parsed) void patch({ [field]: parsed.value })
        }}
        data-testid="metadata-value"
      />
      <button
        type="button"
        disabled={busy || error !== undefined}
        onClick={() => 'value' in parsed && void patch({ [field]: parsed.value })}
      >
        Save
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void patch({ [field]: null })}
        aria-label={`Delete ${name}`}
        data-testid="metadata-delete"
      >
        Delete
      </button>
      {error !== undefined && <span className="field-error">{error}</span>}
    </li>
  )
}

const AddMetadata = () => {
  const patch = useAppStore((state) => state.patchMetadata)
  const [type, setType] = useState<MetadataType>('str')
  const [name, setName] = useState('')
  const [text, setText] = useState('')
  const parsed = parseMetadataValue(type, text)
  const error =
    name === '' ? undefined : (checkName(name) ?? ('error' in parsed ? parsed.error : undefined))
  const add = async () => {
    if (name === '' || error !== undefined || !('value' in parsed)) return
    if (await patch({ [joinKey(type, name)]: parsed.value })) {
      setName('')
      setText('')
    }
  }
  return (
    <form
      className="meta-add"
      onSubmit={(event) => {
        event.preventDefault()
        void add()
      }}
    >
      <label>
        Type
        <select
          value={type}
          onChange={(e) => setType(e.target.value as MetadataType)}
          data-testid="metadata-new-type"
        >
          {METADATA_TYPES.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      </label>
      <label>
        Field
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="metadata-new-name"
        />
      </label>
      <label>
        Value
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={type === 'latlon' ? '47.38,8.52' : type === 'array' ? 'a, b, c' : ''}
          data-testid="metadata-new-value"
        />
      </label>
      <button
        type="submit"
        disabled={name === '' || error !== undefined}
        data-testid="metadata-add"
      >
        Add
      </button>
      {error !== undefined && <span className="field-error">{error}</span>}
    </form>
  )
}

export const MetadataEditor = ({ image }: { image: SourceImage }) => {
  const entries = Object.entries(image.user_metadata ?? {})
  return (
    <section aria-labelledby="meta-title" className="panel-section">
      <h3 id="meta-title">User metadata</h3>
      {entries.length === 0 && <p className="hint">No user metadata yet.</p>}
      <ul className="meta-list">
        {entries.map(([field, value]) => (
          <MetadataRow
            key={`${image.hash}-${field}-${metadataText(value)}`}
            field={field}
            value={value}
          />
        ))}
      </ul>
      <AddMetadata />
    </section>
  )
}
