import type { RenderContext } from './context'
import type { Operation, OperationOptions } from './operation'

export interface PlannedOperation {
  operation: Operation
  options: OperationOptions
}

/** Applies operations in order; stops between steps once the render's deadline has passed. */
export const runPipeline = async (ctx: RenderContext, plan: readonly PlannedOperation[]): Promise<void> => {
  for (const { operation, options } of plan) {
    ctx.throwIfAborted()
    if (options.enabled === false) continue
    await operation.apply(ctx, options)
  }
  ctx.throwIfAborted()
}
