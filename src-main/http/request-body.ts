import type { FastifyInstance, FastifyRequest } from 'fastify'
import { badRequest, invalidJson } from '../errors'

/** A non-multipart body kept as text; routes decide how to read it (clients differ). */
export class RawBody {
  constructor(readonly text: string) {}
}

/**
 * Accepts every content type as text: rokka.js sends JSON as text/plain, and single values
 * (`true`, an unquoted name) without any JSON encoding.
 */
export const installBodyParsers = (app: FastifyInstance, bodyLimit: number): void => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    done(null, new RawBody(body as string))
  })
}

const textOf = (request: FastifyRequest): string =>
  request.body instanceof RawBody ? request.body.text : ''

/** The body as JSON; undefined when empty. */
export const jsonBody = (request: FastifyRequest): unknown => {
  const text = textOf(request).trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw invalidJson('The request body')
  }
}

/** A single value: JSON when it parses, otherwise the raw text as a string. */
export const valueBody = (request: FastifyRequest): unknown => {
  const text = textOf(request)
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export const booleanBody = (request: FastifyRequest): boolean => {
  const value = valueBody(request)
  if (value === true || value === 'true' || value === 1 || value === '1') return true
  if (value === false || value === 'false' || value === 0 || value === '0') return false
  throw badRequest('The body must be true or false.')
}

/** Reads `?name=true|false` (rokka.js sends booleans as text). */
export const queryFlag = (request: FastifyRequest, name: string): boolean => {
  const value = (request.query as Record<string, unknown>)[name]
  return value === 'true' || value === '1' || value === true
}

export const queryString = (request: FastifyRequest, name: string): string | undefined => {
  const value = (request.query as Record<string, unknown>)[name]
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined
  return typeof value === 'string' ? value : undefined
}
