import { operationSpecs, type OperationSchema } from '../../../src-shared/operations'
import { AppError, badRequest } from '../../errors'
import type { Operation } from '../operation'
import { autorotateOperation } from './autorotate'
import { alphaOperation } from './alpha'
import { blurOperation } from './blur'
import { circlemaskOperation } from './circlemask'
import { compositionOperation } from './composition'
import { dropshadowOperation } from './dropshadow'
import { glitchOperation } from './glitch'
import { grayscaleOperation } from './grayscale'
import { modulateOperation } from './modulate'
import { multiplyOperation } from './multiply'
import { primitiveOperation } from './primitive'
import { sepiaOperation } from './sepia'
import { sharpenOperation } from './sharpen'
import { textOperation } from './text'
import { cropOperation } from './crop'
import { noopOperation } from './noop'
import { resizeOperation } from './resize'
import { rotateOperation } from './rotate'
import { trimOperation } from './trim'

/** Every operation Darkroom can apply, by rokka name. */
const registry = new Map<string, Operation>(
  [
    resizeOperation,
    rotateOperation,
    autorotateOperation,
    trimOperation,
    noopOperation,
    cropOperation,
    compositionOperation,
    dropshadowOperation,
    blurOperation,
    primitiveOperation,
    grayscaleOperation,
    sepiaOperation,
    modulateOperation,
    alphaOperation,
    glitchOperation,
    circlemaskOperation,
    multiplyOperation,
    sharpenOperation,
    textOperation
  ].map((operation) => [operation.spec.name, operation])
)

/** The executor of `name`; 400 for names rokka has but Darkroom cannot apply yet. */
export const operationByName = (name: string): Operation => {
  const operation = registry.get(name)
  if (operation) return operation
  if (operationSpecs.some((spec) => spec.name === name)) {
    throw new AppError('invalid_option', 400, `Darkroom cannot apply the "${name}" operation yet.`)
  }
  throw badRequest(`Operation "${name}" does not exist; see GET /operations for the list.`)
}

/** `GET /operations`: the schemas of the operations Darkroom can apply, in rokka's order. */
export const executableOperationSchemas = (): Record<string, OperationSchema> =>
  Object.fromEntries(
    operationSpecs.filter((spec) => registry.has(spec.name)).map((spec) => [spec.name, spec.schema])
  )
