import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'

/** The SHA-1 of a file's bytes, streamed so a 150 MB original never sits in memory. */
export const sha1OfFile = async (path: string): Promise<string> => {
  const hash = createHash('sha1')
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer)
  }
  return hash.digest('hex')
}
