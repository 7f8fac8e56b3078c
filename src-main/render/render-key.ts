import { createHash } from 'node:crypto'
import { canonicalJson } from '../storage/image-identity'
import type { ResolvedStack } from './resolve-stack'

/** Which Accept-dependent formats the client takes; part of the key only when it matters. */
export interface AcceptClass {
  webp: boolean
  avif: boolean
  /** Whether it takes JPEG XL; only where the stack's autoformat.include lets JPEG XL be chosen. */
  jxl?: boolean
  /** Whether it takes any type (`*\/*`), where that decides the format. */
  any?: boolean
}

const describe = (stack: ResolvedStack | null): unknown =>
  stack && {
    operations: stack.operations.map((op) => [op.operation.spec.name, op.options]),
    options: stack.explicit,
    base: describe(stack.base),
    // a secondary stack's overwrite must change the key too
    ...(stack.secondaryStacks.length > 0 ? { secondary: stack.secondaryStacks } : {})
  }

/**
 * The cache key of a render: a digest of everything that decides its bytes — organization,
 * image, the fully resolved stack chain, output format and the negotiated Accept class. A stack
 * overwrite changes the resolved stack, so an old render is never found under the new key.
 */
export const renderKey = (input: {
  organizationId: string
  hash: string
  stack: ResolvedStack
  extension: string
  accept: AcceptClass | null
  variant?: string
}): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        // 2: basestack renders keep their output size and an animation's frames
        v: 2,
        org: input.organizationId,
        hash: input.hash,
        stack: describe(input.stack),
        ext: input.extension,
        accept: input.accept,
        variant: input.variant ?? null
      })
    )
    .digest('hex')

/** The key of a basestack's intermediate output (all frames of an animation, or the first). */
export const baseKey = (
  organizationId: string,
  hash: string,
  base: ResolvedStack,
  animated = false
): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        v: 2,
        base: true,
        org: organizationId,
        hash,
        stack: describe(base),
        ...(animated ? { animated: true } : {})
      })
    )
    .digest('hex')
