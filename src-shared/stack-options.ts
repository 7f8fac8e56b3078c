import { HEX_COLOUR_PATTERN } from './operations/common'
import type { OptionSchema } from './operations/types'

/** The shape of rokka's `GET /stackoptions` body: one schema per stack option. */
export interface StackOptionsSchema {
  readonly properties: Readonly<Record<string, OptionSchema>>
}

const quality = (defaultValue: number) =>
  ({ type: 'integer', minimum: 1, maximum: 100, default: defaultValue }) as const

/**
 * Every stack option rokka publishes or documents, in `GET /stackoptions` form. Video-only
 * options (`av1.quality`, `timestamp`, `fps`, …) are listed so stacks using them validate.
 * Where the 2019 schema and the current docs disagree on a default, the docs win.
 */
export const stackOptionsSchema = {
  properties: {
    basestack: { type: ['string', 'null'], default: null, pattern: '[a-z0-9\\-_]+' },
    'jpg.quality': quality(80),
    'pngquant.quality': { type: 'integer', minimum: 10, maximum: 100, default: 98 },
    'webp.quality': quality(80),
    'heif.quality': quality(40),
    'avif.quality': quality(45),
    'jxl.quality': quality(70),
    // schema default 50, docs 70
    'av1.quality': quality(70),
    'webm.quality': quality(50),
    'mp4.quality': quality(50),
    // schema default 60, docs 70
    'gif.quality': quality(70),
    'jp2.quality': quality(40),
    // schema default 4, docs 5
    'optim.quality': { type: 'integer', minimum: 0, maximum: 10, default: 5 },
    'png.compression_level': { type: 'integer', minimum: 0, maximum: 9, default: 7 },
    dpr: { type: 'number', minimum: 1, maximum: 10, default: 1 },
    'optim.ttl_shared': { type: 'boolean', default: false },
    autoformat: { type: 'boolean', default: false },
    'autoformat.exclude': { type: ['string', 'null'], default: null },
    'autoformat.include': { type: ['string', 'null'], default: null },
    'jpg.transparency.convert': { type: 'boolean', default: false },
    source_file: { type: 'boolean', default: false },
    'optim.disable_all': { type: 'boolean', default: false },
    'optim.immediate': { type: 'boolean', default: false },
    // schema default null, docs false; both mean "not allowed"
    remote_fullurl_allow: { type: ['boolean', 'null'], default: false },
    remote_basepath: { type: ['string', 'null'], default: null, pattern: '^https?://' },
    'jpg.transparency.autoformat': {
      // schema lists strings only, docs also show a JSON boolean: accept both
      type: ['string', 'boolean'],
      default: 'false',
      values: ['true', 'false', 'png', 'webp']
    },
    'jpg.transparency.color': { type: 'string', default: 'FFFFFF', pattern: HEX_COLOUR_PATTERN },
    'transparency.color': { type: 'string', pattern: HEX_COLOUR_PATTERN },
    content_disposition: { type: 'string', default: 'inline', values: ['inline', 'attachment'] },
    timing_origin: { type: ['boolean', 'null'], default: null },
    'interlacing.mode': {
      type: 'string',
      default: 'plane',
      values: ['none', 'line', 'plane', 'partition']
    },
    remote_fullurl_whitelist: { type: 'array', items: { type: 'string' }, default: null },
    timestamp: { type: ['string', 'null'], default: null },
    fps: { type: 'integer', minimum: 1, maximum: 25, default: 10 },
    dpi: { type: 'integer', minimum: 10, maximum: 5000 },
    'pdf.dpi': { type: 'integer', minimum: 10, maximum: 1000, default: 200 },
    'pdf.page': { type: 'integer', minimum: 1, maximum: 1000, default: 1 },
    min_video_width: { type: 'integer', minimum: 0, maximum: 6000 },
    min_video_height: { type: 'integer', minimum: 0, maximum: 2200 },
    protected: { type: 'boolean', default: false }
  }
} as const satisfies StackOptionsSchema

/** Name of a stack option (`'jpg.quality'`, `'dpr'`, …). */
export type StackOptionName = keyof typeof stackOptionsSchema.properties

/** The schema of stack option `name`, or `undefined` when there is no such option. */
export const stackOptionSchemaByName = (name: string): OptionSchema | undefined =>
  Object.hasOwn(stackOptionsSchema.properties, name)
    ? (stackOptionsSchema.properties as Readonly<Record<string, OptionSchema>>)[name]
    : undefined

/** Whether `name` is a stack option Darkroom knows. */
export const isStackOptionName = (name: string): name is StackOptionName =>
  Object.hasOwn(stackOptionsSchema.properties, name)
