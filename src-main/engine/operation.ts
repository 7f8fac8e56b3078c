import type { Sharp } from 'sharp'
import type { OperationSpec } from '../../src-shared/operations'
import type { RenderContext } from './context'

/** Options of one operation after validation and expression evaluation. */
export type OperationOptions = Record<string, unknown>

/** An executor of one rokka operation (name = file name = rokka name). */
export interface Operation {
  readonly spec: OperationSpec<string>
  apply(ctx: RenderContext, options: OperationOptions): Promise<void>
}

/** Runs `build` as its own sharp pipeline on the current image and makes it the new image. */
export const step = async (
  ctx: RenderContext,
  build: (image: Sharp) => Sharp | Promise<Sharp>
): Promise<void> => {
  const image = await ctx.pipeline()
  ctx.set(await build(image))
}
