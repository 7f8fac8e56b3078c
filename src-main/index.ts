import { app, BrowserWindow, dialog, session, utilityProcess } from 'electron'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { createServices, type Services } from './services'
import { buildHttpApp } from './http/app'
import { listenOnLoopback } from './http/server'
import { ensureLocalOwner, LOCAL_ORGANIZATION } from './identity/bootstrap'
import { loopbackOrigin, studioUrl } from './studio/studio-url'
import { claimSingleInstance } from './app/single-instance'
import { installContentGuards, installSessionGuards } from './app/guards'
import { registerIpc } from './app/ipc'
import { createStudioWindow, focusWindow } from './app/window'
import { pickFolder, pickImages } from './app/dialogs'
import { createUtilityProcessLauncher } from './app/utility-process-launcher'

// Built layout: out/main/index.js beside out/preload and out/renderer (also inside app.asar).
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
const studioDir = fileURLToPath(new URL('../renderer', import.meta.url))

interface Engine {
  services: Services
  http: FastifyInstance
  port: number
}

let engine: Engine | null = null
let window: BrowserWindow | null = null

const openWindow = (): void => {
  if (!engine) return
  window = createStudioWindow(
    studioUrl(engine.port, engine.services.studio.issueLaunchToken()),
    preloadPath
  )
  window.on('closed', () => {
    window = null
  })
}

const startEngine = async (): Promise<Engine> => {
  const dataDir = app.getPath('userData')
  const services = await createServices({
    dataDir,
    // Decoders run in out/main/decoder-process.js as a utility process: packaged, Electron's
    // binary cannot be forked as Node.
    decoderLauncher: createUtilityProcessLauncher((modulePath, args, options) =>
      utilityProcess.fork(modulePath, args, options)
    )
  })
  await ensureLocalOwner(services.db, services.identity, dataDir)
  await services.watch.start()
  const http = await buildHttpApp(services, { studioDir })
  const port = await listenOnLoopback(http, 0)
  return { services, http, port }
}

const main = async (): Promise<void> => {
  // A library elsewhere (end-to-end tests); set first: the single-instance lock is per folder.
  const userData = process.env.DARKROOM_USER_DATA
  if (userData !== undefined && userData !== '') app.setPath('userData', userData)
  const first = claimSingleInstance(app, () => {
    if (window) focusWindow(window)
    else openWindow()
  })
  if (!first) {
    app.quit()
    return
  }
  app.enableSandbox()
  await app.whenReady()
  engine = await startEngine()
  const origin = loopbackOrigin(engine.port)
  installContentGuards(app, origin)
  installSessionGuards(session.defaultSession, origin)
  registerIpc(origin, {
    'server:get-info': async () => ({
      apiUrl: origin,
      renderBaseUrl: `${origin}/render/${LOCAL_ORGANIZATION}`,
      organization: LOCAL_ORGANIZATION,
      version: app.getVersion(),
      dataDir: app.getPath('userData')
    }),
    'dialog:pick-images': () => pickImages(window),
    'dialog:pick-folder': () => pickFolder(window)
  })
  openWindow()

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let stopped = false
  app.on('will-quit', (event) => {
    if (stopped || !engine) return
    event.preventDefault()
    const { http, services } = engine
    void http
      .close()
      .then(() => services.close())
      .finally(() => {
        stopped = true
        app.quit()
      })
  })
}

main().catch((error: unknown) => {
  console.error('Darkroom could not start:', error)
  dialog.showErrorBox(
    'Darkroom could not start',
    error instanceof Error ? error.message : String(error)
  )
  app.exit(1)
})
