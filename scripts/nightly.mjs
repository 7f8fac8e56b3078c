// `npm run test:nightly`: the crash loops with many more rounds than `npm test` can afford
// (F1: DARKROOM_KILL_ROUNDS, default 500 here), plus the other fault tests.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url))
const rounds = process.env.DARKROOM_KILL_ROUNDS ?? '500'
const result = spawnSync(
  process.execPath,
  [vitest, 'run', '--config', 'vitest.reliability.config.ts', 'e2e/durability', 'e2e/hardening/faults'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, DARKROOM_KILL_ROUNDS: rounds } }
)
process.exit(result.status ?? 1)
