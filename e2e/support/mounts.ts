import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const mount = (args: string[]) => execFileSync('mount', args, { stdio: 'pipe' })

/**
 * Whether this machine lets the tests mount file systems (root with CAP_SYS_ADMIN, as CI here):
 * a real full disk and a real read-only store beat any imitation.
 */
export const mountsAllowed = (() => {
  if (process.platform !== 'linux') return false
  const probe = mkdtempSync(join(tmpdir(), 'darkroom-mount-probe-'))
  try {
    mount(['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe])
    execFileSync('umount', [probe])
    return true
  } catch {
    return false
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
})()

/** A fresh tmpfs of `sizeMb` megabytes on a new temp folder: a small disk that really fills up. */
export const mountSmallDisk = (sizeMb: number): string => {
  const dir = mkdtempSync(join(tmpdir(), 'darkroom-small-disk-'))
  mount(['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', dir])
  return dir
}

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** How long a read-only remount keeps retrying while the server has a file open for writing there. */
const REMOUNT_PATIENCE_MS = 10_000

/**
 * Makes `dir` read-only in place (a read-only bind mount: unlike chmod, it also stops root).
 * The kernel refuses the remount ("mount point is busy") while any file is open for writing
 * through the new bind, as a render-cache write racing the test can be, so it is retried.
 */
export const makeReadOnly = (dir: string): void => {
  mount(['--bind', dir, dir])
  const deadline = Date.now() + REMOUNT_PATIENCE_MS
  for (;;) {
    try {
      mount(['-o', 'remount,bind,ro', dir])
      return
    } catch (error) {
      const busy = String((error as { stderr?: unknown }).stderr ?? '').includes('busy')
      if (!busy || Date.now() > deadline) {
        unmount(dir)
        throw error
      }
      sleepSync(25)
    }
  }
}

/** Unmounts lazily: libvips may still hold a file of the store open in its cache. */
export const unmount = (dir: string): void => {
  execFileSync('umount', ['--lazy', dir])
}
