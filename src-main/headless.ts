import { parseArgs } from 'node:util'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServices } from './services'
import { buildHttpApp } from './http/app'
import { listenOnLoopback } from './http/server'
import { ensureLocalOwner } from './identity/bootstrap'
import { defaultDataDir } from './app-paths'
import { studioUrl } from './studio/studio-url'
import { parseWatchFlag, startWatchedFolders } from './watch/run-folders'
import { DEFAULT_ORPHAN_GRACE_MS } from './library/garbage-collector'
import { DEFAULT_SCRUB_RATE } from './library/object-scrub'

const usage = `Usage: npm run serve -- [--port <n>] [--data-dir <dir>] [--request-timeout <s>] [--watch <dir>[=<org>]]... [--quiet]
       [--orphan-grace <s>] [--scrub-percent-per-day <n>] [--scrub-tick <s>]

  --port <n>        port on 127.0.0.1 (default 3810; 0 picks a free port)
  --data-dir <dir>  where the library lives (default: ${defaultDataDir()})
  --request-timeout <s>  seconds a client gets to send a whole request (default 120)
  --watch <dir>[=<org>]  import images saved into <dir> into <org> (default local); repeatable
  --quiet           do not log each request
  --orphan-grace <s>     age in seconds an object no image uses must reach before it is removed
                         at start (default ${DEFAULT_ORPHAN_GRACE_MS / 1000})
  --scrub-percent-per-day <n>  share of the stored originals the background scrub re-hashes
                         per day (default ${DEFAULT_SCRUB_RATE.percentPerDay}; above 100: several passes a day)
  --scrub-tick <s>       seconds between the scrub's rounds (default ${DEFAULT_SCRUB_RATE.tickMs / 1000})`

/** `npm run build:renderer` writes the studio here, beside `src-main/`. */
const studioDir = fileURLToPath(new URL('../out/renderer', import.meta.url))

const parsePort = (text: string): number => {
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be 0-65535, not "${text}"`)
  return port
}

const parseSeconds = (flag: string, text: string): number => {
  const seconds = Number(text)
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0) throw new Error(`${flag} must be a number of seconds above 0, not "${text}"`)
  return seconds
}

/** A number of seconds, 0 included (no grace at all). */
const parseSecondsOrZero = (flag: string, text: string): number => {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`${flag} must be a number of seconds, not "${text}"`)
  return Number(text)
}

const parsePercent = (flag: string, text: string): number => {
  const value = Number(text)
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0) throw new Error(`${flag} must be a percentage above 0, not "${text}"`)
  return value
}

/** Darkroom without a window: the same services, served on loopback. */
const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3810' },
      'data-dir': { type: 'string' },
      'request-timeout': { type: 'string', default: '120' },
      watch: { type: 'string', multiple: true, default: [] },
      quiet: { type: 'boolean', default: false },
      'orphan-grace': { type: 'string' },
      'scrub-percent-per-day': { type: 'string' },
      'scrub-tick': { type: 'string' },
      help: { type: 'boolean', default: false }
    },
    strict: true
  })
  if (values.help) {
    console.log(usage)
    return
  }
  const port = parsePort(values.port)
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir())
  const grace = values['orphan-grace']
  const percent = values['scrub-percent-per-day']
  const tick = values['scrub-tick']
  const services = await createServices({
    dataDir,
    orphanGraceMs: grace === undefined ? undefined : parseSecondsOrZero('--orphan-grace', grace) * 1000,
    scrubRate: {
      percentPerDay:
        percent === undefined ? DEFAULT_SCRUB_RATE.percentPerDay : parsePercent('--scrub-percent-per-day', percent),
      tickMs: tick === undefined ? DEFAULT_SCRUB_RATE.tickMs : parseSeconds('--scrub-tick', tick) * 1000
    }
  })
  const owner = await ensureLocalOwner(services.db, services.identity, dataDir)
  const watchLines = await startWatchedFolders(services, values.watch.map(parseWatchFlag))
  const requestTimeoutMs = parseSeconds('--request-timeout', values['request-timeout']) * 1000
  const app = await buildHttpApp(services, { logger: !values.quiet, studioDir, requestTimeoutMs })
  const boundPort = await listenOnLoopback(app, port)
  if (owner.created) {
    console.log(`Darkroom created the organization "local" and an admin API key in ${owner.file}`)
  } else if (owner.present) {
    console.log(`Darkroom credentials: ${owner.file}`)
  } else {
    console.log(`Darkroom: ${owner.file} is gone; create a key with POST /users or an existing key.`)
  }
  for (const line of watchLines) console.log(line)
  // Printed before the listening line, so whoever waits for that line already has the link.
  console.log(`Darkroom studio: ${studioUrl(boundPort, services.studio.issueLaunchToken())}`)
  console.log(`Darkroom listening on http://127.0.0.1:${boundPort}`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`Darkroom stopping (${signal})`)
    await app.close()
    await services.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(`Darkroom could not start: ${error instanceof Error ? error.message : String(error)}`)
  console.error(usage)
  process.exit(1)
})
