import type { Stack } from '../../src-shared/api/stacks'
import type { StackRecord, StackRepo } from './stack-repo'
import type { StackDefinition } from './stack-definition'
import { validateOperation, validateStackOptions } from '../engine/validate'
import { nowRfc3339 } from '../storage/clock'
import { badRequest, conflict, stackNotFound } from '../errors'

const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/
const PREVIEW_STACK = /^_preview[A-Za-z0-9_-]{0,119}$/
const MAX_OPERATIONS = 100
const MAX_BASESTACK_DEPTH = 10

/** `_preview…` stacks are rokka's scratch stacks: allowed, never cached. */
export const isPreviewStack = (name: string): boolean => PREVIEW_STACK.test(name)

export const assertStackName = (name: string): void => {
  if (name === 'dynamic') throw badRequest('"dynamic" is reserved for dynamic render URLs.')
  if (name.startsWith('_') && !isPreviewStack(name)) {
    throw badRequest(`Stack names starting with "_" are reserved (except _preview…): "${name}".`)
  }
  if (!STACK_NAME.test(name) && !isPreviewStack(name)) {
    throw badRequest(`Stack name "${name}" may only use letters, digits, _ and - (at most 128).`)
  }
}

/** The API's view of a stack (`link` only where rokka sends it). */
export const toApiStack = (stack: StackRecord, orgName: string, withLink: boolean): Stack => ({
  name: stack.name,
  organization: orgName,
  created: stack.created,
  ...(stack.description ? { description: stack.description } : {}),
  stack_operations: stack.operations,
  stack_options: stack.options,
  stack_expressions: stack.expressions,
  stack_variables: stack.variables,
  ...(withLink ? { link: `/stacks/${orgName}/${stack.name}` } : {})
})

/** Checks a definition as far as it can be checked without rendering. */
const validateDefinition = (definition: StackDefinition, assertExecutable: (name: string) => void): void => {
  if (definition.operations.length > MAX_OPERATIONS) {
    throw badRequest(`A stack holds at most ${MAX_OPERATIONS} operations.`)
  }
  for (const operation of definition.operations) {
    assertExecutable(operation.name)
    validateOperation(operation.name, operation.options ?? {}, Object.keys(operation.expressions ?? {}))
  }
  validateStackOptions(definition.options)
  for (const expression of definition.expressions) {
    if (expression.overrides.options) validateStackOptions(expression.overrides.options)
  }
  if (definition.options.source_file === true) {
    const others = Object.keys(definition.options).filter((key) => key !== 'source_file')
    if (definition.operations.length > 0 || others.length > 0) {
      throw badRequest('A source_file stack delivers the original as is: it takes no operations and no other options.')
    }
  }
}

/** Stack CRUD with rokka's rules: reserved names, overwrite, protection, basestack chains. */
export const createStackService = (
  repo: StackRepo,
  /** Throws a 400 for operations the engine cannot apply (they are refused, never faked). */
  assertExecutable: (name: string) => void
) => {
  const assertBasestackChain = (orgId: string, name: string, options: Record<string, unknown>) => {
    let next = options.basestack
    const seen = new Set([name])
    for (let depth = 0; typeof next === 'string' && next !== ''; depth++) {
      if (seen.has(next)) throw badRequest(`The basestack chain loops back to "${next}".`)
      if (depth >= MAX_BASESTACK_DEPTH) throw badRequest(`Basestacks chain at most ${MAX_BASESTACK_DEPTH} deep.`)
      const base = repo.get(orgId, next)
      if (!base) throw badRequest(`The basestack "${next}" does not exist.`)
      seen.add(next)
      next = base.options.basestack
    }
  }

  return {
    get: (orgId: string, orgName: string, name: string): StackRecord => {
      const stack = repo.get(orgId, name)
      if (!stack) throw stackNotFound(orgName, name)
      return stack
    },

    /** Creates, or with `overwrite` replaces, a stack; says which happened. */
    save: (
      orgId: string,
      name: string,
      definition: StackDefinition,
      overwrite: boolean
    ): { stack: StackRecord; created: boolean } => {
      assertStackName(name)
      validateDefinition(definition, assertExecutable)
      assertBasestackChain(orgId, name, definition.options)
      const existing = repo.get(orgId, name)
      if (existing && !overwrite) {
        throw conflict(`Stack "${name}" already exists; add ?overwrite=true to replace it.`)
      }
      if (existing && existing.options.protected !== true && definition.options.protected === true) {
        throw badRequest('An unprotected stack cannot be made protected by overwriting; delete it and create it again.')
      }
      const stack: StackRecord = {
        organizationId: orgId,
        name,
        created: existing?.created ?? nowRfc3339(),
        description: definition.description,
        operations: definition.operations,
        options: definition.options,
        expressions: definition.expressions,
        variables: definition.variables
      }
      repo.save(stack)
      return { stack, created: !existing }
    },

    delete: (orgId: string, orgName: string, name: string): void => {
      if (!repo.delete(orgId, name)) throw stackNotFound(orgName, name)
    },

    list: (orgId: string, limit: number, after?: string) => repo.list(orgId, limit, after)
  }
}

export type StackService = ReturnType<typeof createStackService>
