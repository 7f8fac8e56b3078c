import { noop } from '../../../src-shared/operations/noop'
import type { Operation } from '../operation'

/** `noop`: deprecated in rokka and changes nothing; clients still send it for "no operations". */
export const noopOperation: Operation = {
  spec: noop,
  apply: async () => {}
}
