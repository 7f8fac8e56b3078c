import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { DEFAULT_FOLDER_SETTINGS, parseFolderUpdate, parseNewFolder } from './folder-input'

describe('watched folder input', () => {
  it('fills in the defaults: recursive, image formats, no metadata, no trash', () => {
    const parsed = parseNewFolder({ path: ' /tmp/x ', organization: 'local' })
    expect(parsed).toEqual({
      path: '/tmp/x',
      organization: 'local',
      settings: DEFAULT_FOLDER_SETTINGS
    })
    expect(parsed.settings.include[0]).toContain('jpg')
  })

  it('takes every setting and checks user metadata like uploads do', () => {
    const parsed = parseNewFolder({
      path: '/p',
      organization: 'o',
      recursive: false,
      include: ['*.png'],
      exclude: ['drafts/**'],
      user_metadata: { project: 'spring-campaign', 'int:round': 2 },
      trash_on_delete: true
    })
    expect(parsed.settings).toEqual({
      recursive: false,
      include: ['*.png'],
      exclude: ['drafts/**'],
      userMetadata: { project: 'spring-campaign', 'int:round': 2 },
      trashOnDelete: true
    })
    expect(() =>
      parseNewFolder({ path: '/p', organization: 'o', user_metadata: { 'int:round': 'two' } })
    ).toThrow('User metadata field "int:round" expects')
  })

  it('refuses what is not a folder description, with a message that says what is wrong', () => {
    const cases: [unknown, string][] = [
      [null, 'The body must be a JSON object'],
      [{ organization: 'o' }, 'path must be the absolute path'],
      [{ path: '/p' }, 'organization must name'],
      [{ path: '/p', organization: 'o', recursive: 'yes' }, 'recursive must be true or false.'],
      [{ path: '/p', organization: 'o', colour: 'red' }, 'Unknown field "colour"'],
      [{ path: '/p', organization: 'o', include: '*.jpg' }, 'include must be an array']
    ]
    for (const [body, message] of cases) {
      expect(() => parseNewFolder(body)).toThrow(AppError)
      expect(() => parseNewFolder(body)).toThrow(message)
    }
  })

  it('updates keep what is left out and refuse moving the folder', () => {
    const current = { ...DEFAULT_FOLDER_SETTINGS, userMetadata: { project: 'a' } }
    expect(parseFolderUpdate({ recursive: false }, current)).toEqual({
      ...current,
      recursive: false
    })
    expect(() => parseFolderUpdate({ path: '/elsewhere' }, current)).toThrow('cannot change')
  })
})
