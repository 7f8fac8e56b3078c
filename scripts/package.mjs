// `npm run package:<linux|mac|win>`: builds Darkroom and packages it with electron-builder.
// electron-builder rebuilds better-sqlite3 for Electron inside node_modules; afterwards the Node
// build is put back, so `npm test` (plain Node) keeps working.
import { spawnSync } from 'node:child_process'

const targets = { linux: '--linux', mac: '--mac', win: '--win' }
const [platform, ...extra] = process.argv.slice(2)
const flag = targets[platform]
if (!flag) {
  console.error(
    `Usage: node scripts/package.mjs <${Object.keys(targets).join('|')}> [electron-builder options]`
  )
  process.exit(2)
}

const run = (command, args) =>
  spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1

let status = run('npm', ['run', 'build'])
if (status === 0) status = run('npx', ['electron-builder', flag, ...extra])
if (run('npm', ['rebuild', 'better-sqlite3']) !== 0) {
  console.error(
    'Darkroom: could not restore the Node build of better-sqlite3; run `npm rebuild better-sqlite3`.'
  )
}
if (status === 0) console.log('Darkroom: the packages are in dist/.')
process.exit(status)
