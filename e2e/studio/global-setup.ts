import { electronSkipReason } from './support/environment'
import { ensureRendererBuilt } from './support/builds'
import { ensurePhotos } from './support/photos'

/** Once per run: photographs in place, the studio built, and a word on the desktop project. */
export default function globalSetup(): void {
  ensurePhotos()
  ensureRendererBuilt()
  const skipped = electronSkipReason()
  if (skipped !== null) console.log(`studio e2e, electron project skipped: ${skipped}.`)
}
