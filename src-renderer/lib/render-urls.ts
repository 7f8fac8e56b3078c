import type { StackOperation } from '@shared/api/stacks'
import { formatDynamicStack, formatRenderPath } from '@shared/render-url'

/** Where renders of one organization live: `{renderBaseUrl}/{org}`. */
export interface RenderTarget {
  renderBaseUrl: string
  org: string
}

const base = ({ renderBaseUrl, org }: RenderTarget) => `${renderBaseUrl}/${encodeURIComponent(org)}`

/** A square, cropped thumbnail rendered on the fly (2× for sharp high-DPI grids). */
export const thumbnailUrl = (target: RenderTarget, hash: string, size: number): string =>
  `${base(target)}${formatRenderPath({
    stack: 'dynamic',
    overrides: {
      operations: [
        { name: 'resize', options: { width: size, height: size, mode: 'fill' } },
        { name: 'crop', options: { width: size, height: size } }
      ],
      options: { dpr: 2 }
    },
    image: { kind: 'hash', hash },
    format: 'jpg'
  })}`

/** The image scaled to fit a box, not cropped. */
export const fittedUrl = (target: RenderTarget, hash: string, size: number, format = 'jpg') =>
  `${base(target)}${formatRenderPath({
    stack: 'dynamic',
    overrides: {
      operations: [{ name: 'resize', options: { width: size, height: size, upscale: false } }]
    },
    image: { kind: 'hash', hash },
    format
  })}`

/** The render URL of a named stack, optionally with stack option overrides (`o-dpr-2`). */
export const stackUrl = (
  target: RenderTarget,
  stack: string,
  hash: string,
  format: string,
  options: Record<string, unknown> = {}
): string =>
  `${base(target)}${formatRenderPath({
    stack,
    overrides: { options },
    image: { kind: 'hash', hash },
    format
  })}`

/**
 * A dynamic render of unsaved operations, so previews need no save. An empty list renders
 * `noop`, which is still a valid dynamic stack.
 */
export const draftUrl = (
  target: RenderTarget,
  hash: string,
  operations: readonly StackOperation[],
  options: Record<string, unknown>,
  format: string
): string => {
  const list = operations.length > 0 ? operations : [{ name: 'noop' }]
  return `${base(target)}/dynamic/${formatDynamicStack(list, options)}/${hash}.${format}`
}
