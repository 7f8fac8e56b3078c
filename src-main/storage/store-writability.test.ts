import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createStoreWritability } from './store-writability'

/** A file-system error as Node reports it. */
const fsError = (code: string) => Object.assign(new Error(`${code}: operation failed`), { code })

let dir: string
let clock: number
const now = () => clock
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'darkroom-writability-'))
  clock = 1_000_000
})
afterEach(async () => rm(dir, { recursive: true, force: true }))

describe('store writability', () => {
  it('is ok on a writable folder and leaves no probe file behind', async () => {
    const writability = createStoreWritability({ probeDir: dir, now })
    expect(await writability.report()).toEqual({
      state: 'ok',
      message: 'The store accepts new images.',
      since: null
    })
    expect(await readdir(dir)).toEqual([])
  })

  it('learns read-only from a failed write, trusts it while fresh, and recovers by re-probing', async () => {
    const writability = createStoreWritability({ probeDir: dir, probeIntervalMs: 5_000, now })
    writability.noteFailure(fsError('EROFS'))
    const degraded = await writability.report()
    expect(degraded.state).toBe('read_only')
    expect(degraded.message).toBe(
      'New images cannot be stored: the data folder is read-only. Images already stored are still shown, downloaded and rendered.'
    )
    expect(degraded.since).not.toBeNull()

    // the folder is writable, but 4.9 s after the failure the failure is still the evidence
    clock += 4_900
    expect((await writability.report()).state).toBe('read_only')
    clock += 100
    const recovered = await writability.report()
    expect(recovered.state).toBe('ok')
    expect(recovered.since).not.toBeNull()
    expect(await readdir(dir)).toEqual([])
  })

  it('speaks with the messages it is given (the render cache has its own)', async () => {
    const messages = { ok: 'Renders are kept.', failing: (why: string) => `Renders cannot be kept: ${why}.` }
    const writability = createStoreWritability({ probeDir: dir, now, messages })
    expect((await writability.report()).message).toBe('Renders are kept.')
    writability.noteFailure(fsError('ENOSPC'))
    expect(await writability.report()).toMatchObject({
      state: 'full',
      message: 'Renders cannot be kept: the disk holding the data folder is full.'
    })
  })

  it('says who may not write for EACCES and EPERM', async () => {
    for (const code of ['EACCES', 'EPERM']) {
      const writability = createStoreWritability({ probeDir: dir, now })
      writability.noteFailure(fsError(code))
      expect(await writability.report()).toMatchObject({
        state: 'read_only',
        message: expect.stringContaining('Darkroom is not allowed to write to its data folder')
      })
    }
  })

  it('stays full after ENOSPC until there is room again or a write succeeds', async () => {
    const roomy = createStoreWritability({ probeDir: dir, now, resumeFreeBytes: 1 })
    roomy.noteFailure(fsError('ENOSPC'))
    expect(await roomy.report()).toMatchObject({
      state: 'full',
      message: expect.stringContaining('the disk holding the data folder is full')
    })
    clock += 10_000
    expect((await roomy.report()).state).toBe('ok')

    // no disk has this much free space: only a successful write shows the store takes writes
    const tight = createStoreWritability({
      probeDir: dir,
      now,
      resumeFreeBytes: Number.MAX_SAFE_INTEGER
    })
    tight.noteFailure(fsError('EDQUOT'))
    clock += 10_000
    expect(await tight.report()).toMatchObject({
      state: 'full',
      message: expect.stringContaining('quota')
    })
    tight.noteSuccess()
    expect((await tight.report()).state).toBe('ok')
  })

  it('ignores failures that say nothing about writability', async () => {
    const writability = createStoreWritability({ probeDir: dir, now })
    writability.noteFailure(fsError('EIO'))
    writability.noteFailure(new Error('the client went away'))
    expect((await writability.report()).state).toBe('ok')
  })

  it('keeps its state when a probe fails for a reason that says nothing about writability', async () => {
    // a probe folder that does not exist fails with ENOENT
    const writability = createStoreWritability({ probeDir: join(dir, 'missing', 'tmp'), now })
    expect((await writability.report()).state).toBe('ok')
    writability.noteFailure(fsError('EROFS'))
    clock += 60_000
    expect((await writability.report()).state).toBe('read_only')
  })
})
