import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

export default defineConfig({
  resolve: {
    alias: { '@shared': fileURLToPath(new URL('./src-shared', import.meta.url)) }
  },
  test: {
    include: [
      'src-main/**/*.test.ts',
      'src-shared/**/*.test.ts',
      'src-renderer/**/*.test.ts',
      'e2e/api/**/*.test.ts',
      'e2e/durability/**/*.test.ts',
      'e2e/hardening/**/*.test.ts',
      'e2e/watch/**/*.test.ts',
      'e2e/formats/**/*.test.ts',
      'scripts/**/*.test.ts'
    ],
    // load tests and long fault loops run in `npm run test:reliability` and `npm run bench`
    exclude: ['**/node_modules/**', 'e2e/hardening/load/**', 'e2e/**/*.long.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks'
  }
})
