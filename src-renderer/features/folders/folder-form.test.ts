import { describe, expect, it } from 'vitest'
import { draftToRequest, emptyDraft, parseMetadataLines, splitPatterns } from './folder-form'

describe('add-folder form', () => {
  it('splits patterns by line and comma, keeping commas inside braces', () => {
    expect(splitPatterns('*.{jpg,png}, drafts/**\n\n  *.tif ')).toEqual([
      '*.{jpg,png}',
      'drafts/**',
      '*.tif'
    ])
  })

  it('reads metadata lines, with typed fields as numbers', () => {
    expect(
      parseMetadataLines('project: spring-campaign\nint:round: 2\nnote: a: b\nclient=acme\n')
    ).toEqual({
      value: { project: 'spring-campaign', 'int:round': 2, note: 'a: b', client: 'acme' }
    })
    expect(parseMetadataLines('just words')).toEqual({
      error: 'Write metadata as "field: value", not "just words".'
    })
  })

  it('builds the request body, defaulting to the image formats, and asks for a path first', () => {
    const draft = { ...emptyDraft('local'), path: ' /exports ', metadata: 'project: x' }
    const request = draftToRequest({ ...draft, include: '' })
    expect(request).toEqual({
      value: {
        path: '/exports',
        organization: 'local',
        recursive: true,
        include: [expect.stringContaining('jpg')],
        exclude: [],
        user_metadata: { project: 'x' },
        trash_on_delete: false
      }
    })
    expect(draftToRequest(emptyDraft('local'))).toEqual({
      error: 'Choose or type the folder to watch.'
    })
  })
})
