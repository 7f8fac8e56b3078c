import { defineConfig } from 'vitest/config'
import base from './vitest.config'

/** The reliability run (`npm run test:reliability`): the hardening suites, load and long loops included. */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'e2e/hardening/**/*.test.ts',
      'e2e/durability/**/*.test.ts',
      'e2e/watch/**/*.test.ts',
      'src-main/storage/verify-store.test.ts'
    ],
    exclude: ['**/node_modules/**']
  }
})
