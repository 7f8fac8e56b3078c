import { AppError, imageTooLarge } from '../errors'

/**
 * A libvips refusal that is about the image, not about Darkroom, as the 400 a person can act on.
 * Darkroom's own checks (pixel and animation caps) answer first; this keeps a limit libvips
 * enforces underneath them from surfacing as an unexpected 500.
 */
export const renderFailure = (error: unknown): unknown => {
  if (error instanceof AppError || !(error instanceof Error)) return error
  if (error.message.includes('exceeds pixel limit')) {
    return imageTooLarge('The image, with all its frames, has more pixels than Darkroom decodes for one render; ask for a still format such as .png or a smaller source.')
  }
  return error
}
