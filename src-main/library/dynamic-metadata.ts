import { badRequest, forbidden } from '../errors'

const AREA_NAME = /^[a-zA-Z0-9_]+$/

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const readInt = (data: Record<string, unknown>, what: string, key: string, fallback?: number) => {
  const raw = data[key]
  if (raw === undefined && fallback !== undefined) return fallback
  const value = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw badRequest(`${what}.${key} must be a whole number of 0 or more, not ${JSON.stringify(raw)}.`)
  }
  return value
}

/** A box in pixels, or in percent of the image when `percentage` is true. */
const parseArea = (data: unknown, what: string, sizeRequired: boolean) => {
  if (!isObject(data)) throw badRequest(`${what} must be an object like {"x":10,"y":20,"width":100,"height":100}.`)
  const percentage = data.percentage === true || data.percentage === 'true'
  const area: Record<string, unknown> = {
    x: readInt(data, what, 'x'),
    y: readInt(data, what, 'y'),
    width: readInt(data, what, 'width', sizeRequired ? undefined : 1),
    height: readInt(data, what, 'height', sizeRequired ? undefined : 1)
  }
  if ((area.width as number) < 1 || (area.height as number) < 1) {
    throw badRequest(`${what} needs a width and height of at least 1.`)
  }
  if (percentage) area.percentage = true
  return area
}

/**
 * Validates one dynamic metadata entry and returns it in canonical form (what the hash is
 * computed over). Unknown names are refused so typos do not silently change hashes.
 */
export const parseDynamicMetadata = (name: string, data: unknown): Record<string, unknown> => {
  switch (name) {
    case 'subject_area':
      return parseArea(data, 'subject_area', false)
    case 'crop_area':
      return parseArea(data, 'crop_area', true)
    case 'multi_areas': {
      if (!isObject(data)) throw badRequest('multi_areas must be an object of named areas.')
      const out: Record<string, unknown> = {}
      for (const [areaName, entry] of Object.entries(data)) {
        if (!AREA_NAME.test(areaName)) {
          throw badRequest(`Area name "${areaName}" may only use letters, digits and _.`)
        }
        if (!isObject(entry)) throw badRequest(`multi_areas.${areaName} must be an object.`)
        const kinds = Object.keys(entry)
        const areas: Record<string, unknown> = {}
        for (const kind of kinds) {
          if (kind !== 'subject_area' && kind !== 'crop_area') {
            throw badRequest(`multi_areas.${areaName} takes subject_area or crop_area, not "${kind}".`)
          }
          areas[kind] = parseArea(entry[kind], `multi_areas.${areaName}.${kind}`, kind === 'crop_area')
        }
        out[areaName] = areas
      }
      return out
    }
    case 'version': {
      if (!isObject(data) || typeof data.text !== 'string' || data.text === '') {
        throw badRequest('version must be an object like {"text":"v2"}.')
      }
      return { text: data.text }
    }
    case 'detection_face':
      throw forbidden('Face detection is not available in Darkroom.')
    default:
      throw badRequest(
        `Unknown dynamic metadata "${name}"; use subject_area, crop_area, multi_areas or version.`
      )
  }
}
