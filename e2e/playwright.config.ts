import { defineConfig } from '@playwright/test'
import type { StudioMode } from './studio/fixtures'

/**
 * The studio end to end: every spec in e2e/studio runs in web mode (Chromium on the headless
 * server) and again in the desktop window where Electron's binary is installed.
 */
export default defineConfig<{ studioMode: StudioMode }>({
  testDir: './studio',
  testMatch: '**/*.spec.ts',
  globalSetup: './studio/global-setup.ts',
  outputDir: '../test-results/studio',
  // one studio at a time: the machine has 2 cores and every test renders photographs
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  retries: 0,
  forbidOnly: process.env.CI === 'true',
  reporter: [['list']],
  use: { actionTimeout: 20_000, navigationTimeout: 30_000 },
  projects: [
    { name: 'web', use: { studioMode: 'web' } },
    { name: 'electron', use: { studioMode: 'electron' } }
  ]
})
