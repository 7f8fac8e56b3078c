import { readBlock, type Block, type BlockValue } from './render-url-blocks'
import { badRenderUrl, quote } from './render-url-error'
import { cacheBusterOfPart } from './render-url-names'
import { splitOutsideBrackets } from './render-url-tokens'
import type { RenderOperation, RenderOverrides } from './render-url-types'

/** Stack options and variables blocks; every other block name is an operation. */
const OPTIONS_BLOCKS: ReadonlySet<string> = new Set(['options', 'o'])
const VARIABLES_BLOCKS: ReadonlySet<string> = new Set(['variables', 'v'])

/**
 * Short spellings of stack option keys. rokka publishes no list; `af` (seen in rokka.js tests
 * and docs example URLs) is the only one known.
 */
const OPTION_KEY_ALIASES: Readonly<Record<string, string>> = { af: 'autoformat' }

/**
 * rokka.js writes every falsy option value (0, false, '', null) as `__undefined__`; the intent
 * cannot be recovered, so the pair is dropped as if it were not in the URL.
 */
const UNDEFINED_VALUE = '__undefined__'

interface OperationDraft {
  name: string
  options: Map<string, string>
  expressions: Map<string, string>
}

const isDropped = (value: BlockValue) => value.kind === 'literal' && value.text === UNDEFINED_VALUE

const applyPairs = (draft: OperationDraft, block: Block): void => {
  for (const { key, value } of block.pairs) {
    if (isDropped(value)) continue
    const [set, other] =
      value.kind === 'expression'
        ? [draft.expressions, draft.options]
        : [draft.options, draft.expressions]
    set.set(key, value.text)
    other.delete(key)
  }
}

const applyStackOptions = (options: Map<string, string>, block: Block): void => {
  for (const { key, value } of block.pairs) {
    if (value.kind === 'expression') {
      throw badRenderUrl(
        `Stack option "${key}" in ${quote(block.source)} cannot be an [expression]; only operation options can.`
      )
    }
    if (!isDropped(value)) options.set(OPTION_KEY_ALIASES[key] ?? key, value.text)
  }
}

const applyVariables = (variables: Map<string, string>, block: Block): void => {
  for (const { key, value } of block.pairs) {
    if (isDropped(value)) continue
    // variables take no expressions in URLs: a bracketed value is kept as the text it was
    variables.set(key, value.kind === 'expression' ? `[${value.text}]` : value.text)
  }
}

const newDraft = (name: string): OperationDraft => ({
  name,
  options: new Map(),
  expressions: new Map()
})

const toOperation = (draft: OperationDraft): RenderOperation => ({
  name: draft.name,
  options: Object.fromEntries(draft.options),
  expressions: Object.fromEntries(draft.expressions)
})

/** What the URL parts between stack name and image say. */
export interface StackParts {
  overrides: RenderOverrides
  /** `n` of the last `/v<n>/` part. */
  cacheBuster?: number
}

/**
 * Reads the URL parts between the stack name and the image (raw, still percent-encoded).
 * Empty parts and blocks are skipped; a part that is exactly `v<digits>` is a cache buster.
 * For `dynamic` the first remaining part defines the operations in order, and operation blocks
 * of later parts override the options of every existing operation of that name (unknown names
 * change nothing, as in rokka's PHP client). For named stacks every operation block is an
 * override, merged per name. Options and variables blocks merge everywhere; later values win.
 */
export const readStackParts = (stack: string, parts: readonly string[]): StackParts => {
  const isDynamic = stack === 'dynamic'
  const operations: OperationDraft[] = []
  const options = new Map<string, string>()
  const variables = new Map<string, string>()
  let cacheBuster: number | undefined
  let definesOperations = isDynamic

  for (const part of parts) {
    if (part === '') continue
    const buster = cacheBusterOfPart(part)
    if (buster !== undefined) {
      cacheBuster = buster
      continue
    }
    for (const source of splitOutsideBrackets(part, '--')) {
      const block = readBlock(source)
      if (block === undefined) continue
      if (OPTIONS_BLOCKS.has(block.name)) applyStackOptions(options, block)
      else if (VARIABLES_BLOCKS.has(block.name)) applyVariables(variables, block)
      else if (definesOperations) {
        const draft = newDraft(block.name)
        applyPairs(draft, block)
        operations.push(draft)
      } else {
        let named = operations.filter((draft) => draft.name === block.name)
        if (named.length === 0 && !isDynamic) {
          named = [newDraft(block.name)]
          operations.push(...named)
        }
        for (const draft of named) applyPairs(draft, block)
      }
    }
    definesOperations = false
  }

  return {
    overrides: {
      operations: operations.map(toOperation),
      options: Object.fromEntries(options),
      variables: Object.fromEntries(variables)
    },
    ...(cacheBuster === undefined ? {} : { cacheBuster })
  }
}
