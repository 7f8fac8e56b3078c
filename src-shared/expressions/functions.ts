import { ExpressionFault } from './errors'
import {
  describeValue,
  entriesOf,
  finite,
  isContainer,
  leadingNumber,
  limitedString,
  toNumber,
  toText
} from './values'

interface FunctionSpec {
  readonly minArgs: number
  readonly maxArgs: number
  readonly call: (args: readonly unknown[]) => unknown
}

/** Rounds half away from zero, as PHP's `round` does (`round(-2.5)` is -3, not -2). */
const roundHalfAwayFromZero = (value: number, precision: number): number => {
  const factor = 10 ** precision
  // PHP pre-rounds to 15 significant digits so that round(1.005, 2) is 1.01
  const scaled = Number((Math.abs(value) * factor).toPrecision(15))
  return (Math.sign(value) * Math.round(scaled)) / factor
}

/** PHP's `intval`/`floatval` conversions of one value. */
const phpNumber = (value: unknown): number => {
  if (typeof value === 'string') return leadingNumber(value)
  if (isContainer(value)) return entriesOf(value).length > 0 ? 1 : 0
  return toNumber(value)
}

/** UTF-8 bytes, because PHP's `strlen` counts bytes. */
const utf8Length = (text: string): number => {
  let bytes = 0
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
  }
  return bytes
}

/** `min(1, 2)` or `min([1, 2])`, as in PHP. */
const numbersOf = (name: string, args: readonly unknown[]): number[] => {
  const [first] = args
  const values = args.length === 1 && isContainer(first) ? entriesOf(first).map(([, v]) => v) : args
  if (args.length === 1 && !isContainer(first)) {
    throw new ExpressionFault(
      'type',
      `${name}() needs several numbers or one array, not ${describeValue(first)}`
    )
  }
  if (values.length === 0) throw new ExpressionFault('type', `${name}() needs at least one number`)
  return values.map(toNumber)
}

const math = (operation: (value: number) => number): FunctionSpec => ({
  minArgs: 1,
  maxArgs: 1,
  call: ([value]) => finite(operation(toNumber(value)))
})

/**
 * The functions expressions may call: PHP functions rokka's expressions are seen using (`atan`,
 * `rad2deg` in its watermark demo) and their obvious relatives. Nothing else is callable.
 */
const FUNCTIONS = {
  min: { minArgs: 1, maxArgs: Infinity, call: (args) => Math.min(...numbersOf('min', args)) },
  max: { minArgs: 1, maxArgs: Infinity, call: (args) => Math.max(...numbersOf('max', args)) },
  abs: math(Math.abs),
  floor: math(Math.floor),
  ceil: math(Math.ceil),
  sqrt: math(Math.sqrt),
  sin: math(Math.sin),
  cos: math(Math.cos),
  tan: math(Math.tan),
  atan: math(Math.atan),
  rad2deg: math((radians) => (radians * 180) / Math.PI),
  deg2rad: math((degrees) => (degrees * Math.PI) / 180),
  round: {
    minArgs: 1,
    maxArgs: 2,
    call: ([value, precision]) =>
      finite(roundHalfAwayFromZero(toNumber(value), Math.trunc(toNumber(precision ?? 0))))
  },
  pow: {
    minArgs: 2,
    maxArgs: 2,
    call: ([base, exponent]) => finite(toNumber(base) ** toNumber(exponent))
  },
  atan2: {
    minArgs: 2,
    maxArgs: 2,
    call: ([y, x]) => finite(Math.atan2(toNumber(y), toNumber(x)))
  },
  intval: { minArgs: 1, maxArgs: 1, call: ([value]) => Math.trunc(finite(phpNumber(value))) },
  floatval: { minArgs: 1, maxArgs: 1, call: ([value]) => finite(phpNumber(value)) },
  strval: { minArgs: 1, maxArgs: 1, call: ([value]) => toText(value) },
  strlen: { minArgs: 1, maxArgs: 1, call: ([value]) => utf8Length(toText(value)) },
  // PHP 8.2+ changes only ASCII letters
  strtolower: {
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => limitedString(toText(value).replace(/[A-Z]+/g, (s) => s.toLowerCase()))
  },
  strtoupper: {
    minArgs: 1,
    maxArgs: 1,
    call: ([value]) => limitedString(toText(value).replace(/[a-z]+/g, (s) => s.toUpperCase()))
  }
} as const satisfies Record<string, FunctionSpec>

/** Name of a callable function. */
export type FunctionName = keyof typeof FUNCTIONS

/** The names of all callable functions, for completion in the studio. */
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[]

/** Whether `name` is a callable function (own keys only: `constructor` is not). */
export const isFunctionName = (name: string): name is FunctionName => Object.hasOwn(FUNCTIONS, name)

const arityText = (spec: FunctionSpec): string =>
  spec.maxArgs === Infinity
    ? `at least ${spec.minArgs}`
    : spec.minArgs === spec.maxArgs
      ? `${spec.minArgs}`
      : `${spec.minArgs} to ${spec.maxArgs}`

/** Checks the number of arguments of a call, so that it can be reported while parsing. */
export const arityProblem = (name: FunctionName, count: number): string | null => {
  const spec: FunctionSpec = FUNCTIONS[name]
  if (count >= spec.minArgs && count <= spec.maxArgs) return null
  const plural = (spec.maxArgs === Infinity ? spec.minArgs : spec.maxArgs) === 1 ? '' : 's'
  return `${name}() expects ${arityText(spec)} argument${plural}, ${count} given`
}

/** Calls an allow-listed function with evaluated arguments. */
export const callFunction = (name: FunctionName, args: readonly unknown[]): unknown => {
  const spec: FunctionSpec = FUNCTIONS[name]
  return spec.call(args)
}
