/** Query parameters that carry credentials: rokka's `?key=` API key, and bearer-style tokens. */
const SECRET_PARAMETERS = new Set(['key', 'api_key', 'apikey', 'api-key', 'token', 'access_token', 'jwt'])

const parameterName = (part: string): string => {
  const raw = part.includes('=') ? part.slice(0, part.indexOf('=')) : part
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase()
  } catch {
    return raw.toLowerCase()
  }
}

/**
 * The URL as a log line may show it: the values of credential parameters are replaced, so a
 * request log never holds a usable API key (keys are otherwise stored only as hashes).
 */
export const redactUrlSecrets = (url: string): string => {
  const start = url.indexOf('?')
  if (start < 0) return url
  const query = url
    .slice(start + 1)
    .split('&')
    .map((part) => (part.includes('=') && SECRET_PARAMETERS.has(parameterName(part)) ? `${part.slice(0, part.indexOf('='))}=[redacted]` : part))
    .join('&')
  return `${url.slice(0, start)}?${query}`
}
