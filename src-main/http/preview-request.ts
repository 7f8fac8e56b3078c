import type { IncomingHttpHeaders } from 'node:http'
import { isPreviewStack } from '../stacks/stack-service'

/** Header the studio sends with its live preview requests. */
export const PREVIEW_HEADER = 'x-darkroom-preview'

/**
 * AVIF encoder effort of live previews (0–9; the default is 4): effort 4 takes seconds on a
 * 24-megapixel photo, effort 1 a few hundred milliseconds for a file about a fifth larger.
 */
export const PREVIEW_AVIF_EFFORT = 1

/** Live previews: the studio's marked requests and rokka's `_preview…` scratch stacks. */
export const isPreviewRequest = (stack: string, headers: IncomingHttpHeaders): boolean =>
  isPreviewStack(stack) || headers[PREVIEW_HEADER] === '1'
