import { describe, expect, it } from 'vitest'
import { evaluateExpression, type ExpressionScope } from './evaluate'
import { expressionInUrlValue } from './url-expression'
import { resolveVariables, scopeWithVariables } from './variables'

/** The scope of the task brief: a landscape JPEG, dpr 2, Save-Data on, `$w` = 500. */
const scope: ExpressionScope = {
  image: {
    width: 1200,
    height: 800,
    hasSubjectArea: false,
    entropy: 6.2,
    format: 'jpeg',
    subject_area: null
  },
  options: { dpr: 2 },
  request: { headers: { save_data: 'on' } },
  $w: 500
}

const withImage = (image: Record<string, unknown>, variables: Record<string, unknown> = {}) =>
  scopeWithVariables({ ...scope, image: { ...(scope.image as object), ...image } }, variables)

describe('expressions from the rokka docs and guides', () => {
  it.each([
    // stacks reference: stack expression for retina screens
    ['options.dpr >= 2', scope, true],
    ['options.dpr >= 2', { ...scope, options: { dpr: 1 } }, false],
    // PHP client example in the stacks reference
    ['options.dpr > 2', scope, false],
    // Save-Data stack expression
    ["request.headers.save_data == 'on'", scope, true],
    ["request.headers.save_data == 'on'", { ...scope, request: { headers: {} } }, false],
    [
      "request.headers.save_data == 'on'",
      { ...scope, request: { headers: { save_data: null } } },
      false
    ],
    // operation option `enabled`
    ['image.entropy > 6', scope, true],
    ['image.entropy > 6', withImage({ entropy: 5.9 }), false],
    // the simplest expression: a stack variable
    ['$w', scope, 500],
    ['$w < 500 ? $w : 500', withImage({}, { w: 320 }), 320],
    ['$w < 500 ? $w : 500', withImage({}, { w: 800 }), 500],
    // stack variables
    ['$w / 2', scope, 250],
    // watermark demo: rotate along the diagonal
    ['-rad2deg(atan(image.height / image.width))', scope, -33.690067525979785],
    ['-rad2deg(atan(image.height / image.width))', withImage({ width: 100, height: 100 }), -45],
    // orientation switch
    ["image.height > image.width ? 'portrait' : 'landscape'", scope, 'landscape'],
    [
      "image.height > image.width ? 'portrait' : 'landscape'",
      withImage({ height: 2000 }),
      'portrait'
    ],
    // best-practice guide: upscaling switch
    ['$s == 1 ? true : false', withImage({}, { s: 1 }), true],
    ['$s == 1 ? true : false', withImage({}, { s: '1' }), true],
    ['$s == 1 ? true : false', withImage({}, { s: 0 }), false],
    // best-practice guide: Save-Data and retina together
    [
      "$s != 1 && options.dpr >= 2 && request.headers.save_data == 'on'",
      withImage({}, { s: 0 }),
      true
    ],
    [
      "$s != 1 && options.dpr >= 2 && request.headers.save_data == 'on'",
      withImage({}, { s: 1 }),
      false
    ],
    // best-practice guide: trailing space in `"height": "$finalHeight "`
    ['$finalHeight ', withImage({}, { finalHeight: 600 }), 600]
  ])('%s → %j', (source, names, expected) => {
    const result = evaluateExpression(source, names)
    if (typeof expected === 'number' && !Number.isInteger(expected)) {
      expect(result).toBeCloseTo(expected, 12)
    } else {
      expect(result).toBe(expected)
    }
  })

  describe('smart-crop anchor of the best-practice guide', () => {
    const anchor =
      "$a === 'notset' ? ((image.hasSubjectArea || image.hasDetectionFace || image.format == 'gif') ? 'auto' : 'smart') : $a"
    const ultimate =
      "$a === 'notset' ? ((image.hasSubjectArea || image.hasDetectionFace || image.isAnimated) ? 'auto' : 'smart') : $a"

    it.each([
      [anchor, {}, { a: 'notset' }, 'smart'],
      [anchor, { hasSubjectArea: true }, { a: 'notset' }, 'auto'],
      [anchor, { hasDetectionFace: true }, { a: 'notset' }, 'auto'],
      [anchor, { format: 'gif' }, { a: 'notset' }, 'auto'],
      [anchor, {}, { a: 'center_center' }, 'center_center'],
      [ultimate, { isAnimated: true }, { a: 'notset' }, 'auto'],
      [ultimate, { isAnimated: false }, { a: 'notset' }, 'smart']
    ])('%#: image %j, variables %j → %j', (source, image, variables, expected) => {
      expect(evaluateExpression(source, withImage(image, variables))).toBe(expected)
    })
  })

  it('evaluates the circlemask render-URL example crop-anchor-face-width-[…]', () => {
    const source = expressionInUrlValue('[image.detection_face.height*1.5]')
    expect(source).toBe('image.detection_face.height*1.5')
    expect(evaluateExpression(source ?? '', withImage({ detection_face: { height: 120 } }))).toBe(
      180
    )
    expect(() => evaluateExpression(source ?? '', withImage({ detection_face: null }))).toThrow(
      'Cannot read "height" of null (write ?. or ?? to allow a missing value) at position 21'
    )
  })

  it('resolves the variables of the stacks reference and of the resize & crop guide', () => {
    expect(resolveVariables({ w: 500, h: '$w / 2' }, {}, scope)).toEqual({ w: 500, h: 250 })
    const guide = resolveVariables(
      {
        w: 0,
        h: 0,
        s: 0,
        a: 'notset',
        defaultWidth: 900,
        defaultHeight: 600,
        r: '$defaultWidth / $defaultHeight',
        finalWidth: '$w == 0 ? ($h == 0 ? $defaultWidth : ($h * $r)) : $w',
        finalHeight: '$h == 0 ? $finalWidth / $r : $h'
      },
      { w: '1200' },
      scope
    )
    expect(guide).toMatchObject({ r: 1.5, finalWidth: 1200, finalHeight: 800, a: 'notset' })
  })
})
