import { badRenderUrl, quote } from './render-url-error'
import { isBlockName, isOptionKey } from './render-url-names'
import { decodePiece, expressionInside, splitOutsideBrackets } from './render-url-tokens'

/** A value of a block: a literal string or an `[expression]` (brackets removed); both decoded. */
export type BlockValue = { kind: 'literal'; text: string } | { kind: 'expression'; text: string }

/** One `name-key-value-…` block of a stack URL part, decoded. */
export interface Block {
  name: string
  pairs: Array<{ key: string; value: BlockValue }>
  /** The block as written, for messages. */
  source: string
}

const readValue = (raw: string, key: string, block: string): BlockValue => {
  // an empty value cannot be written back next to a "--" (resize-width---blur)
  if (raw === '') throw badRenderUrl(`Block ${quote(block)} gives "${key}" an empty value.`)
  const inside = expressionInside(raw)
  if (inside === undefined) return { kind: 'literal', text: decodePiece(raw, 'The value') }
  const text = decodePiece(inside, 'The expression', true)
  if (text.trim() === '') throw badRenderUrl(`Block ${quote(block)} has an empty expression "[]".`)
  return { kind: 'expression', text }
}

const oddPairsMessage = (block: string, name: string, key: string): string =>
  `Block ${quote(block)} has "${key}" without a value: blocks are written ` +
  `${name}-key-value-key-value…, and "--" starts a new block, so write a negative number ` +
  `as %2D5 or [-5], not -5.`

/**
 * Reads one block (`resize-width-200-height-[$h]`); `undefined` for an empty block. Throws a 400
 * for a block without a name, names or keys with characters other than letters, digits, `_` (and
 * `.` in keys), and for an odd number of key/value tokens.
 */
export const readBlock = (source: string): Block | undefined => {
  if (source === '') return undefined
  const [rawName = '', ...tokens] = splitOutsideBrackets(source, '-')
  if (rawName === '') {
    throw badRenderUrl(
      `Block ${quote(source)} has no name; blocks start with a name like resize-….`
    )
  }
  const name = decodePiece(rawName, 'The block name')
  if (!isBlockName(name)) {
    throw badRenderUrl(
      `${quote(name)} is not an operation or block name; names use letters, digits and _ only.`
    )
  }
  const pairs: Block['pairs'] = []
  for (let index = 0; index < tokens.length; index += 2) {
    const rawKey = tokens[index] ?? ''
    const rawValue = tokens[index + 1]
    if (rawValue === undefined) throw badRenderUrl(oddPairsMessage(source, name, rawKey))
    const key = decodePiece(rawKey, 'The option name')
    if (!isOptionKey(key)) {
      throw badRenderUrl(
        `${quote(key)} in block ${quote(source)} is not an option name; option names use letters, digits, _ and . only.`
      )
    }
    pairs.push({ key, value: readValue(rawValue, key, source) })
  }
  return { name, pairs, source }
}
