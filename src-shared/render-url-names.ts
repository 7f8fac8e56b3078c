/** Stack names a render URL can address: `dynamic`, rokka's stack names and `_preview…`. */
const STACK_NAME = /^(?:dynamic|[A-Za-z0-9][A-Za-z0-9_-]{0,127}|_preview[A-Za-z0-9_-]{0,119})$/
const BLOCK_NAME = /^[A-Za-z0-9_]+$/
const OPTION_KEY = /^[A-Za-z0-9_.]+$/
const ALIAS_NAME = /^[A-Za-z0-9_]+$/
const SEO_CACHE_BUSTER = /(?:^|[-_])v(\d{1,15})$/
const CACHE_BUSTER_PART = /^v(\d{1,15})$/

/** Whether a render URL can name this stack. */
export const isStackName = (name: string): boolean => STACK_NAME.test(name)

/** Whether `name` can name an operation or block: letters, digits and `_`. */
export const isBlockName = (name: string): boolean => BLOCK_NAME.test(name)

/** Whether `key` can name an option or variable: letters, digits, `_` and `.`. */
export const isOptionKey = (key: string): boolean => OPTION_KEY.test(key)

/** Whether `name` can name a source image alias: letters, digits and `_`. */
export const isAliasName = (name: string): boolean => ALIAS_NAME.test(name)

/** `n` of a trailing `v<n>` in an SEO file name (`v2`, `name-v2`, `name_v2`), else undefined. */
export const cacheBusterOfName = (name: string): number | undefined => {
  const digits = SEO_CACHE_BUSTER.exec(name)?.[1]
  return digits === undefined ? undefined : Number(digits)
}

/** `n` of a URL part that is exactly `v<n>`, else undefined. */
export const cacheBusterOfPart = (part: string): number | undefined => {
  const digits = CACHE_BUSTER_PART.exec(part)?.[1]
  return digits === undefined ? undefined : Number(digits)
}
