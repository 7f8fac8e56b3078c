import type { Size } from './anchor'

/** A resize as the options ask for it, defaults applied. */
export interface ResizeRequest {
  width?: number
  height?: number
  mode: 'box' | 'fill' | 'absolute'
  upscale: boolean
  upscaleDpr: boolean
}

/**
 * Scale of one axis once the dpr is applied, following rokka's DPR table: with `upscale_dpr`
 * the dpr multiplies whatever `upscale` allowed (so a 300 px source asked for 400 px at dpr 2
 * without `upscale` gives 600 px); without it the dpr may never enlarge past what `upscale`
 * allowed on its own (the source size, or the requested size when `upscale` is on).
 */
const scaleWithDpr = (scale: number, dpr: number, upscale: boolean, upscaleDpr: boolean) => {
  const allowed = upscale ? scale : Math.min(scale, 1)
  if (upscaleDpr) return allowed * dpr
  return Math.min(scale * dpr, Math.max(allowed, 1))
}

const axisScales = (from: Size, request: ResizeRequest): { x: number; y: number } => {
  const x = request.width === undefined ? undefined : request.width / from.width
  const y = request.height === undefined ? undefined : request.height / from.height
  if (x === undefined || y === undefined) {
    const only = x ?? y ?? 1
    return { x: only, y: only }
  }
  if (request.mode === 'absolute') return { x, y }
  const uniform = request.mode === 'box' ? Math.min(x, y) : Math.max(x, y)
  return { x: uniform, y: uniform }
}

/**
 * Size in pixels of `from` resized as `request` asks at device pixel ratio `dpr`: box fits
 * inside width × height, fill covers it, absolute takes it exactly; one dimension alone scales
 * proportionally in every mode.
 */
export const resizeTarget = (from: Size, request: ResizeRequest, dpr: number): Size => {
  const scales = axisScales(from, request)
  const x = scaleWithDpr(scales.x, dpr, request.upscale, request.upscaleDpr)
  const y = scaleWithDpr(scales.y, dpr, request.upscale, request.upscaleDpr)
  return {
    width: Math.max(1, Math.round(from.width * x)),
    height: Math.max(1, Math.round(from.height * y))
  }
}
