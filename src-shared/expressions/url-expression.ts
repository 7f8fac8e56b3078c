const BRACKETED = /^\[(.*)\]$/s
const ENCODED = /^%5B(.*)%5D$/is

/**
 * The expression in a render-URL option value, or null when the value is a plain value. rokka
 * treats values wrapped in `[…]` (or, not decoded, `%5B…%5D`) as expressions:
 * `crop-width-[image.width/2]` → `image.width/2`.
 */
export const expressionInUrlValue = (value: string): string | null => {
  const bracketed = BRACKETED.exec(value)
  if (bracketed !== null) return bracketed[1] ?? ''
  const encoded = ENCODED.exec(value)
  if (encoded === null) return null
  try {
    return decodeURIComponent(encoded[1] ?? '')
  } catch {
    return encoded[1] ?? ''
  }
}
