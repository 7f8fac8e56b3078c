import type { SourceImage } from '@shared/api/sourceimages'
import { useEffect, useState } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { saveBlob } from '../../lib/clipboard'
import { useAppStore } from '../../store'

const RenameForm = ({ image }: { image: SourceImage }) => {
  const rename = useAppStore((state) => state.renameImage)
  const busy = useAppStore((state) => state.detailBusy)
  const [name, setName] = useState(image.name)
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault()
        if (name.trim() !== '' && name !== image.name) void rename(name.trim())
      }}
    >
      <label>
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="image-rename-input"
        />
      </label>
      <button
        type="submit"
        disabled={busy || name.trim() === '' || name === image.name}
        data-testid="image-rename"
      >
        Rename
      </button>
    </form>
  )
}

const CopyToOrg = ({ image }: { image: SourceImage }) => {
  const memberships = useAppStore((state) => state.memberships)
  const copy = useAppStore((state) => state.copyImage)
  const others = memberships.map((m) => m.organization).filter((org) => org !== image.organization)
  const [target, setTarget] = useState(others[0] ?? '')
  if (others.length === 0) return <p className="hint">No other organization to copy to.</p>
  return (
    <div className="inline-form">
      <label>
        Copy to
        <select
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          data-testid="image-copy-target"
        >
          {others.map((org) => (
            <option key={org}>{org}</option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void copy(target)} data-testid="image-copy">
        Copy
      </button>
    </div>
  )
}

export const ImageActions = ({ image }: { image: SourceImage }) => {
  const setLocked = useAppStore((state) => state.setLocked)
  const remove = useAppStore((state) => state.deleteImage)
  const download = useAppStore((state) => state.downloadImage)
  const busy = useAppStore((state) => state.detailBusy)
  const [confirming, setConfirming] = useState(false)

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing =
        event.target instanceof HTMLElement &&
        /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)
      if (event.key === 'Delete' && !typing && !image.locked) setConfirming(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [image.locked])

  const save = async () => {
    const file = await download()
    if (file !== null) saveBlob(file.blob, file.filename)
  }

  return (
    <section className="panel-section" aria-label="Actions">
      <RenameForm key={image.hash} image={image} />
      <div className="button-row">
        <label className="check">
          <input
            type="checkbox"
            checked={image.locked}
            disabled={busy}
            onChange={(e) => void setLocked(e.target.checked)}
            data-testid="image-lock"
          />
          Locked
        </label>
        <button type="button" onClick={() => void save()} data-testid="image-download">
          Download original
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy || image.locked}
          title={image.locked ? 'Unlock the image to delete it.' : 'Delete (Delete key)'}
          onClick={() => setConfirming(true)}
          data-testid="image-delete"
        >
          Delete
        </button>
      </div>
      <CopyToOrg image={image} />
      {confirming && (
        <ConfirmDialog
          title="Delete image?"
          confirmLabel="Move to trash"
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            void remove()
          }}
        >
          <p>
            {image.name} goes to the trash; it can be restored from there for 30 days. Its render
            URLs stop working.
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}
