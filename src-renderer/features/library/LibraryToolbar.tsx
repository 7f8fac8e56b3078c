import { useEffect, useState } from 'react'
import { useAppStore } from '../../store'
import { useDebounced } from './useDebounced'

const SORTS = [
  ['created desc', 'Newest first'],
  ['created asc', 'Oldest first'],
  ['name asc', 'Name A–Z'],
  ['name desc', 'Name Z–A'],
  ['size desc', 'Largest first'],
  ['size asc', 'Smallest first']
] as const

const FORMATS = ['jpg', 'png', 'gif', 'webp', 'avif', 'svg', 'heic', 'tiff', 'jxl', 'psd', 'pdf', 'eps']

export const LibraryToolbar = () => {
  const query = useAppStore((state) => state.query)
  const setQuery = useAppStore((state) => state.setQuery)
  const [search, setSearch] = useState(query.search)
  const settled = useDebounced(search, 300)

  useEffect(() => {
    if (settled !== useAppStore.getState().query.search) void setQuery({ search: settled })
  }, [settled, setQuery])

  return (
    <div className="toolbar" role="search">
      <label className="search-field">
        <span className="visually-hidden">Search images</span>
        <input
          type="search"
          placeholder="Search names, or user:str:project=spring"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void setQuery({ search })
            if (event.key === 'Escape') setSearch('')
          }}
          data-testid="library-search"
        />
      </label>
      <label className="inline-field">
        <span>Sort</span>
        <select
          value={query.sort}
          onChange={(event) => void setQuery({ sort: event.target.value })}
          data-testid="library-sort"
        >
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>Format</span>
        <select
          value={query.format}
          onChange={(event) => void setQuery({ format: event.target.value })}
          data-testid="library-format"
        >
          <option value="">All</option>
          {FORMATS.map((format) => (
            <option key={format} value={format}>
              {format}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>From</span>
        <input
          type="date"
          value={query.from}
          onChange={(event) => void setQuery({ from: event.target.value })}
          data-testid="library-from"
        />
      </label>
      <label className="inline-field">
        <span>To</span>
        <input
          type="date"
          value={query.to}
          onChange={(event) => void setQuery({ to: event.target.value })}
          data-testid="library-to"
        />
      </label>
      <button
        type="button"
        aria-pressed={query.trash}
        onClick={() => void setQuery({ trash: !query.trash })}
        data-testid="library-trash"
      >
        {query.trash ? 'Back to library' : 'Trash'}
      </button>
    </div>
  )
}
