import { alpha } from './alpha'
import { autorotate } from './autorotate'
import { blur } from './blur'
import { circlemask } from './circlemask'
import { composition } from './composition'
import { crop } from './crop'
import { dropshadow } from './dropshadow'
import { glitch } from './glitch'
import { grayscale } from './grayscale'
import { modulate } from './modulate'
import { multiply } from './multiply'
import { noop } from './noop'
import { primitive } from './primitive'
import { resize } from './resize'
import { rotate } from './rotate'
import { sepia } from './sepia'
import { sharpen } from './sharpen'
import { text } from './text'
import { trim } from './trim'
import type { OperationSchema, OperationSpec } from './types'

export type { OperationSchema, OperationSpec, OptionSchema, OptionType } from './types'

/** Every operation Darkroom knows, in the order rokka's `GET /operations` lists them. */
export const operationSpecs = [
  resize,
  rotate,
  autorotate,
  dropshadow,
  trim,
  noop,
  crop,
  composition,
  blur,
  primitive,
  grayscale,
  sepia,
  modulate,
  alpha,
  glitch,
  circlemask,
  multiply,
  sharpen,
  text
] as const

/** One of the specs in `operationSpecs`. */
export type KnownOperationSpec = (typeof operationSpecs)[number]

/** Name of an operation Darkroom can render (`'resize'`, `'crop'`, …). */
export type OperationName = KnownOperationSpec['name']

const specsByName: ReadonlyMap<string, OperationSpec<OperationName>> = new Map(
  operationSpecs.map((spec) => [spec.name, spec])
)

/**
 * The spec of the operation called `name`, or `undefined` when there is no such operation. Typed
 * loosely (any option key may be looked up); import the operation's own file for literal types.
 */
export const operationSpecByName = (name: string): OperationSpec<OperationName> | undefined =>
  specsByName.get(name)

/** Whether `name` is an operation Darkroom knows. */
export const isOperationName = (name: string): name is OperationName => specsByName.has(name)

/** The body of `GET /operations`: each operation's schema keyed by name, in listing order. */
export const listOperationSchemas = (): Record<OperationName, OperationSchema> => {
  const listing: Partial<Record<OperationName, OperationSchema>> = {}
  for (const spec of operationSpecs) listing[spec.name] = spec.schema
  return listing as Record<OperationName, OperationSchema>
}
