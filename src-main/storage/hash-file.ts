import { createHash, webcrypto } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'

/**
 * Files up to this size are read whole and digested by WebCrypto, which hashes on libuv's thread
 * pool: every render re-hashes its original, and hashing a photo on the main thread held up
 * every other request for about a millisecond and a half.
 */
const WHOLE_FILE_BYTES = 32 * 1024 * 1024

/** The SHA-1 of a file's bytes; a large one is streamed so a 150 MB original never sits in memory. */
export const sha1OfFile = async (path: string): Promise<string> => {
  const { size } = await stat(path)
  if (size <= WHOLE_FILE_BYTES) {
    const digest = await webcrypto.subtle.digest('SHA-1', await readFile(path))
    return Buffer.from(digest).toString('hex')
  }
  const hash = createHash('sha1')
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer)
  }
  return hash.digest('hex')
}
