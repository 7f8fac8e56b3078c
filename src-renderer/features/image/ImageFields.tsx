import type { SourceImage } from '@shared/api/sourceimages'
import { formatBytes, formatDate } from '../../lib/format'

export const ImageFields = ({ image }: { image: SourceImage }) => {
  const rows: [string, string, string][] = [
    ['Name', image.name, 'field-name'],
    ['Hash', image.hash, 'field-hash'],
    ['Short hash', image.short_hash, 'field-short-hash'],
    ['Binary hash', image.binary_hash, 'field-binary-hash'],
    ['Format', `${image.format} (${image.mimetype})`, 'field-format'],
    ['Size', formatBytes(image.size), 'field-size'],
    ['Dimensions', `${image.width} × ${image.height} px`, 'field-dimensions'],
    ['Created', formatDate(image.created), 'field-created'],
    ['Locked', image.locked ? 'yes' : 'no', 'field-locked']
  ]
  return (
    <dl className="fields">
      {rows.map(([label, value, testId]) => (
        <div key={label} className="field-row">
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
