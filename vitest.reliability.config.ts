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
      // B14 and B21 live with the format decoders, S11-S13 with the desktop shell and the studio
      'e2e/formats/**/*.test.ts',
      'src-main/app/security.test.ts',
      'src-main/app/ipc-dispatch.test.ts',
      'src-main/http/routes/studio.test.ts',
      'src-main/storage/verify-store.test.ts'
    ],
    exclude: ['**/node_modules/**']
  }
})
