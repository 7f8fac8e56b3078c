import { describe, expect, it } from 'vitest'
import { operationSpecs } from '../../src-shared/operations'
import { stackOptionsSchema } from '../../src-shared/stack-options'
import { AppError } from '../errors'
import {
  coerceOptionValue,
  coerceStackOptionValue,
  validateOperation,
  validateStackOptions
} from './validate'

const validExamples: Record<string, Record<string, unknown>> = {
  resize: {
    width: 200,
    height: 150,
    mode: 'fill',
    upscale: false,
    upscale_dpr: true,
    sharpen: true
  },
  rotate: { angle: 120.3, background_color: '0f0F0f', background_opacity: 50 },
  autorotate: { width: 300, height: 200, rotation_direction: 'counterclockwise' },
  dropshadow: {
    horizontal: -10,
    vertical: 10,
    opacity: 80,
    sigma: 0.5,
    blur_radius: 2,
    color: '333333'
  },
  trim: { fuzzy: 12.5 },
  noop: {},
  crop: {
    width: 16,
    height: 9,
    anchor: 'right_bottom',
    fallback: '10_20',
    mode: 'ratio',
    area: 'landscape_16_9',
    scale: 50,
    movearea_x: -20,
    movearea_y: 15
  },
  composition: {
    mode: 'background',
    width: 160,
    height: 90,
    resize_mode: 'box',
    resize_to_primary: false,
    anchor: 'left-bottom',
    secondary_color: 'FFFFFF',
    secondary_opacity: 0,
    secondary_image: 'ddc45f',
    secondary_stack: 'anotherstack',
    secondary_stack_variables: { w: 100 },
    angle: 45,
    empty_primary: false,
    cache: true
  },
  blur: { sigma: 4, radius: 0 },
  primitive: { count: 200, mode: 9 },
  grayscale: {},
  sepia: {},
  modulate: { brightness: 0, saturation: 500, hue: 180 },
  alpha: { mode: 'apply', opacity: 30 },
  glitch: { amount: 10, random: 'abc' },
  circlemask: {},
  multiply: { factor: 0.5, factor_color: 'FF0000' },
  sharpen: { m1: 0.4, m2: 1.2, sigma: 0.7, x1: 2, y2: 10, y3: 20 },
  text: {
    font: '398a83',
    text: 'Hello world',
    size: 20,
    color: '0F0F0F',
    opacity: 100,
    angle: -30,
    anchor: 'center_center',
    width: 400,
    height: 100,
    spacing: 2,
    align: 'centre',
    resize_to_box: true
  }
}

/** The message of the AppError `run` throws; fails the test when it does not throw one. */
const errorOf = (run: () => unknown): AppError => {
  try {
    run()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError, but nothing was thrown')
}

const messageOf = (run: () => unknown): string => errorOf(run).message

describe('validateOperation: valid options', () => {
  it('has an example for every operation', () => {
    expect(Object.keys(validExamples)).toEqual(operationSpecs.map((spec) => spec.name))
  })

  it.each(Object.entries(validExamples))(
    'accepts the %s example and returns it as is',
    (name, options) => {
      expect(validateOperation(name, options)).toBe(options)
    }
  )

  it.each(Object.entries(validExamples))('accepts enabled: false on %s', (name, options) => {
    const disabled = { ...options, enabled: false }
    expect(validateOperation(name, disabled)).toBe(disabled)
  })

  it.each(operationSpecs.map((spec) => spec.name))(
    'rejects a non-boolean enabled on %s',
    (name) => {
      expect(
        messageOf(() => validateOperation(name, { ...validExamples[name], enabled: 'no' }))
      ).toBe(`Expected boolean for ${name}.enabled but received no of type string`)
    }
  )

  it('accepts PHP-style [] and missing options as {} and applies no defaults', () => {
    expect(validateOperation('grayscale', [])).toEqual({})
    expect(validateOperation('blur', undefined)).toEqual({})
    expect(validateOperation('sepia', null)).toEqual({})
    expect(validateOperation('resize', { width: 100 })).toEqual({ width: 100 })
  })

  it('accepts the boundaries of each range', () => {
    expect(() => validateOperation('resize', { width: 1, height: 10000 })).not.toThrow()
    expect(() => validateOperation('dropshadow', { horizontal: -100, vertical: 100 })).not.toThrow()
    expect(() => validateOperation('multiply', { factor: 0 })).not.toThrow()
    expect(() => validateOperation('multiply', { factor: 1 })).not.toThrow()
  })

  it('accepts the values the docs add where schema and docs disagree', () => {
    expect(() => validateOperation('rotate', { angle: -360 })).not.toThrow()
    expect(() => validateOperation('crop', { width: 99999, height: 1 })).not.toThrow()
    expect(() => validateOperation('crop', { width: 1, height: 1, mode: 'box' })).not.toThrow()
    expect(() => validateOperation('crop', { width: 1, height: 1, mode: 'area' })).not.toThrow()
    expect(() => validateOperation('blur', {})).not.toThrow()
    expect(() =>
      validateOperation('composition', { secondary_stack_variables: 'w=1' })
    ).not.toThrow()
  })

  it('accepts null for options whose published default is null', () => {
    expect(() => validateOperation('crop', { width: 1, height: 1, area: null })).not.toThrow()
    expect(() => validateOperation('multiply', { factor_color: null })).not.toThrow()
    expect(() => validateOperation('composition', { secondary_image: null })).not.toThrow()
    expect(() => validateOperation('text', { font: 'a', text: 'b', width: null })).not.toThrow()
  })

  it('accepts every anchor form of the grammar', () => {
    for (const anchor of [
      'auto',
      'smart',
      'face',
      'subjectarea',
      'croparea',
      'left_top',
      'center-center',
      '0_10000',
      'right_25'
    ]) {
      expect(() => validateOperation('crop', { width: 1, height: 1, anchor })).not.toThrow()
    }
  })
})

describe('validateOperation: rejections', () => {
  it('rejects an unknown operation with a 400', () => {
    const error = errorOf(() => validateOperation('sharpenn', {}))
    expect(error.status).toBe(400)
    expect(error.message).toBe(
      'Operation "sharpenn" does not exist; see GET /operations for the list.'
    )
  })

  it('does not treat Object.prototype members as operations or options', () => {
    expect(messageOf(() => validateOperation('constructor', {}))).toBe(
      'Operation "constructor" does not exist; see GET /operations for the list.'
    )
    expect(messageOf(() => validateOperation('noop', { toString: 1 }))).toBe(
      'Unknown option "toString" for operation "noop"'
    )
  })

  it('rejects an unknown option', () => {
    const error = errorOf(() => validateOperation('resize', { width: 100, widht: 50 }))
    expect(error.status).toBe(400)
    expect(error.message).toBe('Unknown option "widht" for operation "resize"')
  })

  it('rejects options that are not an object', () => {
    expect(messageOf(() => validateOperation('resize', 5))).toBe(
      'Expected object for resize options but received 5 of type number'
    )
    expect(messageOf(() => validateOperation('resize', 'width'))).toBe(
      'Expected object for resize options but received width of type string'
    )
    expect(messageOf(() => validateOperation('resize', [200]))).toBe(
      'Expected object for resize options but received a non-empty array'
    )
  })

  it('requires width or height for resize', () => {
    const error = errorOf(() => validateOperation('resize', { mode: 'fill' }))
    expect(error.status).toBe(400)
    expect(error.message).toBe('Expected width or height for resize')
    expect(messageOf(() => validateOperation('resize', []))).toBe(
      'Expected width or height for resize'
    )
    expect(validateOperation('resize', { height: 100 })).toEqual({ height: 100 })
  })

  it('requires the required options and names all that are missing', () => {
    expect(messageOf(() => validateOperation('crop', { anchor: 'face' }))).toBe(
      'Expected width and height for crop'
    )
    expect(messageOf(() => validateOperation('crop', { width: 10 }))).toBe(
      'Expected height for crop'
    )
    expect(messageOf(() => validateOperation('rotate', {}))).toBe('Expected angle for rotate')
    expect(messageOf(() => validateOperation('text', { text: 'hi' }))).toBe(
      'Expected font for text'
    )
  })

  it('reports an unknown option before a missing one', () => {
    expect(messageOf(() => validateOperation('crop', { size: 10 }))).toBe(
      'Unknown option "size" for operation "crop"'
    )
  })

  it('counts options supplied by expressions as present but still checks given values', () => {
    const options = { anchor: 'face' }
    expect(validateOperation('crop', options, ['width', 'height'])).toBe(options)
    expect(validateOperation('resize', {}, new Set(['width']))).toEqual({})
    expect(messageOf(() => validateOperation('crop', { anchor: 'face' }, ['width']))).toBe(
      'Expected height for crop'
    )
    expect(
      messageOf(() => validateOperation('crop', { anchor: 'nowhere' }, ['width', 'height']))
    ).toBe(
      'Expected anchor like center_center, right_bottom, 10_20, auto, smart, face, subjectarea or croparea for crop.anchor but received nowhere of type string'
    )
  })

  it.each([
    [
      'resize',
      { width: 0 },
      'Expected integer between 1 and 10000 for resize.width but received 0 of type number'
    ],
    [
      'resize',
      { width: 10001 },
      'Expected integer between 1 and 10000 for resize.width but received 10001 of type number'
    ],
    [
      'resize',
      { width: 1.5 },
      'Expected integer between 1 and 10000 for resize.width but received 1.5 of type number'
    ],
    [
      'resize',
      { width: '200' },
      'Expected integer between 1 and 10000 for resize.width but received 200 of type string'
    ],
    [
      'resize',
      { width: null },
      'Expected integer between 1 and 10000 for resize.width but received null of type null'
    ],
    [
      'resize',
      { width: 10, mode: 'cover' },
      'Expected one of box, absolute, fill for resize.mode but received cover of type string'
    ],
    [
      'resize',
      { width: 10, upscale: 'false' },
      'Expected boolean for resize.upscale but received false of type string'
    ],
    [
      'resize',
      { width: 10, sharpen: 1 },
      'Expected boolean for resize.sharpen but received 1 of type number'
    ],
    [
      'rotate',
      { angle: 361 },
      'Expected number between -360 and 360 for rotate.angle but received 361 of type number'
    ],
    [
      'rotate',
      { angle: -361 },
      'Expected number between -360 and 360 for rotate.angle but received -361 of type number'
    ],
    [
      'rotate',
      { angle: 90, background_color: 'FFF' },
      'Expected hex colour like FFFFFF for rotate.background_color but received FFF of type string'
    ],
    [
      'rotate',
      { angle: 90, background_color: '#FFFFFF' },
      'Expected hex colour like FFFFFF for rotate.background_color but received #FFFFFF of type string'
    ],
    [
      'rotate',
      { angle: 90, background_color: 'FFFFFF00' },
      'Expected hex colour like FFFFFF for rotate.background_color but received FFFFFF00 of type string'
    ],
    [
      'autorotate',
      { rotation_direction: 'left' },
      'Expected one of clockwise, counterclockwise for autorotate.rotation_direction but received left of type string'
    ],
    [
      'dropshadow',
      { opacity: 101 },
      'Expected integer between 0 and 100 for dropshadow.opacity but received 101 of type number'
    ],
    [
      'dropshadow',
      { sigma: -0.5 },
      'Expected number between 0 and 10000 for dropshadow.sigma but received -0.5 of type number'
    ],
    [
      'trim',
      { fuzzy: '5' },
      'Expected number between 0 and 100 for trim.fuzzy but received 5 of type string'
    ],
    [
      'crop',
      { width: 100000, height: 1 },
      'Expected integer between 1 and 99999 for crop.width but received 100000 of type number'
    ],
    [
      'crop',
      { width: 1, height: 1, mode: 'fill' },
      'Expected one of absolute, ratio, box, area for crop.mode but received fill of type string'
    ],
    [
      'crop',
      { width: 1, height: 1, anchor: 'middle' },
      'Expected anchor like center_center, right_bottom, 10_20, auto, smart, face, subjectarea or croparea for crop.anchor but received middle of type string'
    ],
    [
      'crop',
      { width: 1, height: 1, fallback: 'auto center_center' },
      'Expected anchor like center_center, right_bottom, 10_20, auto, smart, face, subjectarea or croparea for crop.fallback but received auto center_center of type string'
    ],
    [
      'crop',
      { width: 1, height: 1, anchor: '10001_0' },
      'Expected anchor like center_center, right_bottom, 10_20, auto, smart, face, subjectarea or croparea for crop.anchor but received 10001_0 of type string'
    ],
    [
      'crop',
      { width: 1, height: 1, area: 'a-b' },
      'Expected string matching ^[a-zA-Z0-9_]+$ or null for crop.area but received a-b of type string'
    ],
    [
      'crop',
      { width: 1, height: 1, scale: 100.5 },
      'Expected number between 0 and 100 for crop.scale but received 100.5 of type number'
    ],
    [
      'composition',
      { secondary_opacity: -1 },
      'Expected integer between 0 and 100 for composition.secondary_opacity but received -1 of type number'
    ],
    [
      'composition',
      { secondary_stack_variables: 5 },
      'Expected object or string for composition.secondary_stack_variables but received 5 of type number'
    ],
    [
      'composition',
      { secondary_image: 42 },
      'Expected string or null for composition.secondary_image but received 42 of type number'
    ],
    [
      'blur',
      { sigma: 101 },
      'Expected number between 0 and 100 for blur.sigma but received 101 of type number'
    ],
    [
      'blur',
      { radius: 501 },
      'Expected integer between 0 and 500 for blur.radius but received 501 of type number'
    ],
    [
      'primitive',
      { count: 0 },
      'Expected integer between 1 and 200 for primitive.count but received 0 of type number'
    ],
    [
      'modulate',
      { hue: 361 },
      'Expected integer between 0 and 360 for modulate.hue but received 361 of type number'
    ],
    [
      'alpha',
      { mode: 'invert' },
      'Expected one of mask, remove, extract, apply for alpha.mode but received invert of type string'
    ],
    ['glitch', { random: 7 }, 'Expected string for glitch.random but received 7 of type number'],
    [
      'multiply',
      { factor: 1.5 },
      'Expected number between 0 and 1 for multiply.factor but received 1.5 of type number'
    ],
    [
      'multiply',
      { factor_color: 'red' },
      'Expected hex colour like FFFFFF or null for multiply.factor_color but received red of type string'
    ],
    [
      'sharpen',
      { m2: -1 },
      'Expected number of at least 0 for sharpen.m2 but received -1 of type number'
    ],
    [
      'text',
      { font: 'a', text: 'b', align: 'center' },
      'Expected one of left, centre, right for text.align but received center of type string'
    ],
    ['text', { font: 'a', text: 5 }, 'Expected string for text.text but received 5 of type number'],
    [
      'text',
      { font: 'a', text: 'b', width: 0 },
      'Expected integer between 1 and 10000 or null for text.width but received 0 of type number'
    ]
  ])('%s %j → exact message', (name, options, message) => {
    const error = errorOf(() => validateOperation(name, options))
    expect(error.status).toBe(400)
    expect(error.code).toBe('invalid_option')
    expect(error.message).toBe(message)
  })
})

describe('validateStackOptions', () => {
  it('accepts valid options and returns them as given', () => {
    const options = {
      basestack: 'my-base_1',
      'jpg.quality': 1,
      'webp.quality': 100,
      'jxl.quality': 70,
      'avif.quality': 45,
      'optim.quality': 0,
      'pngquant.quality': 10,
      'png.compression_level': 9,
      dpr: 2.5,
      autoformat: true,
      'autoformat.exclude': 'webp,avif',
      'jpg.transparency.autoformat': 'png',
      'jpg.transparency.color': 'ffffff',
      content_disposition: 'attachment',
      'interlacing.mode': 'none',
      remote_fullurl_allow: null,
      remote_fullurl_whitelist: ['^https://example\\.com/'],
      remote_basepath: 'https://example.com/images/',
      timestamp: '00:00:40',
      fps: 25,
      dpi: 300,
      'pdf.page': 2,
      min_video_width: 0,
      protected: false
    }
    expect(validateStackOptions(options)).toBe(options)
  })

  it('accepts [] and missing options as {}', () => {
    expect(validateStackOptions([])).toEqual({})
    expect(validateStackOptions(undefined)).toEqual({})
  })

  it('accepts null where the type list allows it, and a boolean jpg.transparency.autoformat', () => {
    expect(() =>
      validateStackOptions({ basestack: null, timestamp: null, timing_origin: null })
    ).not.toThrow()
    expect(() => validateStackOptions({ remote_fullurl_whitelist: null })).not.toThrow()
    expect(() => validateStackOptions({ 'jpg.transparency.autoformat': true })).not.toThrow()
  })

  it('rejects an unknown stack option', () => {
    const error = errorOf(() => validateStackOptions({ 'jpeg.quality': 80 }))
    expect(error.status).toBe(400)
    expect(error.message).toBe(
      'Unknown stack option "jpeg.quality"; see GET /stackoptions for the list.'
    )
  })

  it('rejects options that are not an object', () => {
    expect(messageOf(() => validateStackOptions(true))).toBe(
      'Expected object for stack options but received true of type boolean'
    )
  })

  it.each([
    [
      { 'jpg.quality': 101 },
      'Expected integer between 1 and 100 for jpg.quality but received 101 of type number'
    ],
    [
      { 'jpg.quality': 0 },
      'Expected integer between 1 and 100 for jpg.quality but received 0 of type number'
    ],
    [
      { 'jxl.quality': 80.5 },
      'Expected integer between 1 and 100 for jxl.quality but received 80.5 of type number'
    ],
    [
      { 'pngquant.quality': 9 },
      'Expected integer between 10 and 100 for pngquant.quality but received 9 of type number'
    ],
    [
      { 'optim.quality': 11 },
      'Expected integer between 0 and 10 for optim.quality but received 11 of type number'
    ],
    [{ dpr: 0.5 }, 'Expected number between 1 and 10 for dpr but received 0.5 of type number'],
    [{ dpr: '2' }, 'Expected number between 1 and 10 for dpr but received 2 of type string'],
    [{ autoformat: 'true' }, 'Expected boolean for autoformat but received true of type string'],
    [
      { 'interlacing.mode': 'progressive' },
      'Expected one of none, line, plane, partition for interlacing.mode but received progressive of type string'
    ],
    [
      { content_disposition: null },
      'Expected one of inline, attachment for content_disposition but received null of type null'
    ],
    [
      { 'jpg.transparency.autoformat': 'gif' },
      'Expected one of true, false, png, webp for jpg.transparency.autoformat but received gif of type string'
    ],
    [
      { basestack: 'My Stack' },
      'Expected string matching [a-z0-9\\-_]+ or null for basestack but received My Stack of type string'
    ],
    [
      { remote_basepath: 'ftp://example.com/' },
      'Expected string matching ^https?:// or null for remote_basepath but received ftp://example.com/ of type string'
    ],
    [
      { remote_fullurl_whitelist: ['^https://a/', 5] },
      'Expected array of strings or null for remote_fullurl_whitelist but received ["^https://a/",5] of type object'
    ],
    [
      { remote_fullurl_allow: 'yes' },
      'Expected boolean or null for remote_fullurl_allow but received yes of type string'
    ],
    [{ timestamp: 40 }, 'Expected string or null for timestamp but received 40 of type number'],
    [
      { 'transparency.color': 'white' },
      'Expected hex colour like FFFFFF for transparency.color but received white of type string'
    ],
    [{ fps: 26 }, 'Expected integer between 1 and 25 for fps but received 26 of type number'],
    [
      { min_video_height: 2201 },
      'Expected integer between 0 and 2200 for min_video_height but received 2201 of type number'
    ]
  ])('%j → exact message', (options, message) => {
    const error = errorOf(() => validateStackOptions(options))
    expect(error.status).toBe(400)
    expect(error.message).toBe(message)
  })

  it('knows every published stack option', () => {
    for (const key of Object.keys(stackOptionsSchema.properties)) {
      expect(messageOf(() => validateStackOptions({ [key]: { not: 'valid' } }))).toMatch(
        new RegExp(
          `^Expected .+ for ${key.replaceAll('.', '\\.')} but received \\{"not":"valid"\\} of type object$`
        )
      )
    }
  })
})

describe('coerceOptionValue', () => {
  it.each([
    ['resize', 'width', '200', 200],
    ['rotate', 'angle', '-45.5', -45.5],
    ['dropshadow', 'sigma', '.5', 0.5],
    ['resize', 'upscale', 'false', false],
    ['resize', 'upscale', 'true', true],
    ['resize', 'sharpen', '1', true],
    ['resize', 'sharpen', '0', false],
    ['resize', 'mode', 'fill', 'fill'],
    ['glitch', 'random', '123', '123'],
    ['crop', 'anchor', '10_20', '10_20'],
    ['crop', 'area', 'null', 'null'],
    ['text', 'width', 'null', null],
    ['composition', 'secondary_stack_variables', 'w=1', 'w=1']
  ])('%s.%s %s → %j', (op, key, raw, expected) => {
    expect(coerceOptionValue(op, key, raw)).toStrictEqual(expected)
  })

  it('leaves expressions alone', () => {
    expect(coerceOptionValue('crop', 'width', '[image.detection_face.height*1.5]')).toBe(
      '[image.detection_face.height*1.5]'
    )
    expect(coerceOptionValue('crop', 'width', '%5Bimage.width%5D')).toBe('%5Bimage.width%5D')
    expect(coerceOptionValue('resize', 'upscale', '[1 > 0]')).toBe('[1 > 0]')
  })

  it('leaves values that do not convert, and unknown names, as strings for validation to report', () => {
    expect(coerceOptionValue('resize', 'width', 'abc')).toBe('abc')
    expect(coerceOptionValue('resize', 'width', '1e999')).toBe('1e999')
    expect(coerceOptionValue('resize', 'upscale', 'yes')).toBe('yes')
    expect(coerceOptionValue('resize', 'widht', '200')).toBe('200')
    expect(coerceOptionValue('nope', 'width', '200')).toBe('200')
    expect(coerceOptionValue('noop', 'constructor', '1')).toBe('1')
  })

  it('feeds validation: coerced URL values pass, unconvertible ones get the exact message', () => {
    const options = {
      width: coerceOptionValue('resize', 'width', '200'),
      upscale: coerceOptionValue('resize', 'upscale', 'false')
    }
    expect(validateOperation('resize', options)).toEqual({ width: 200, upscale: false })
    const width = coerceOptionValue('resize', 'width', '20px')
    expect(messageOf(() => validateOperation('resize', { width }))).toBe(
      'Expected integer between 1 and 10000 for resize.width but received 20px of type string'
    )
  })
})

describe('coerceStackOptionValue', () => {
  it.each([
    ['jpg.quality', '50', 50],
    ['dpr', '2.5', 2.5],
    ['autoformat', 'true', true],
    ['autoformat', '1', true],
    ['optim.disable_all', 'false', false],
    ['timing_origin', 'null', null],
    ['remote_fullurl_allow', 'true', true],
    ['basestack', 'null', 'null'],
    ['basestack', 'base', 'base'],
    ['jpg.transparency.autoformat', 'true', 'true'],
    ['content_disposition', 'attachment', 'attachment'],
    ['unknown.option', '5', '5'],
    ['jpg.quality', '[options.dpr > 1 ? 70 : 80]', '[options.dpr > 1 ? 70 : 80]']
  ])('%s %s → %j', (key, raw, expected) => {
    expect(coerceStackOptionValue(key, raw)).toStrictEqual(expected)
  })
})
