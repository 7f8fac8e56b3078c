import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorBody } from '../../src-shared/api/errors'
import { isRenderUrlError } from '../../src-shared/render-url'
import { ExpressionError } from '../../src-shared/expressions'
import { AppError, badRequest, requestBodyTooLarge } from '../errors'
import { discardRestOfBody } from './discard-body'

/** rokka's error body for `error`; IPC results carry the same shape. */
export const errorBody = (error: AppError): ErrorBody => {
  const body: ErrorBody = {
    code: error.status,
    message: error.message,
    reason: error.code,
    error: { code: error.status, message: error.message }
  }
  if (error.invalidAuthentication) body.invalid_authentication = true
  if (error.details) body.details = error.details
  return body
}

/** Errors raised by Fastify or its plugins, turned into Darkroom's own with a readable message. */
const fromFrameworkError = (error: FastifyError, bodyLimit: number): AppError | null => {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? requestBodyTooLarge(bodyLimit)
        : new AppError('payload_too_large', 413, `The upload has too many parts or fields (${error.message}).`)
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return badRequest('This request must be sent as multipart/form-data.')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return badRequest('The request body does not match its Content-Length.')
    case 'FST_PROTO_VIOLATION':
      return badRequest('The upload uses a reserved field name.')
    default:
      break
  }
  if (error.validation) return badRequest(`Invalid request: ${error.message}.`)
  const message = error.message ?? ''
  if (/Multipart|boundary|Unexpected end of form|Part terminated|Malformed part header/i.test(message)) {
    return badRequest(`The multipart upload is malformed: ${message}.`)
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('bad_request', error.statusCode, message || 'Bad request.')
  }
  return null
}

/** How long a refused request's remaining body is read before the connection is closed instead. */
const DISCARD_WAIT_MS = 5_000

/** The one place where errors become responses: rokka's body shape, the right status. */
export const installErrorHandler = (app: FastifyInstance, bodyLimit: number): void => {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError =
      error instanceof AppError
        ? error
        : isRenderUrlError(error)
          ? new AppError(error.code, error.status, error.message)
          : error instanceof ExpressionError
            ? badRequest(error.message)
            : fromFrameworkError(error, bodyLimit)
    if (!appError) {
      request.log.error({ err: error }, 'unexpected error')
      const internal = new AppError('internal', 500, 'Darkroom hit an unexpected error; the details are in its log.')
      return reply.status(500).type('application/json').send(errorBody(internal))
    }
    if (appError.status >= 500) request.log.error({ err: appError.cause ?? appError }, appError.message)
    for (const [name, value] of Object.entries(appError.headers ?? {})) reply.header(name, value)
    // A body over the limit is not worth reading: close once the answer is sent. Any other unread
    // body is read to its end first (a 507 mid-upload), so the client gets the answer, not a reset.
    if (appError.status === 413 || !(await discardRestOfBody(request.raw, DISCARD_WAIT_MS))) {
      reply.header('Connection', 'close')
    }
    return reply.status(appError.status).type('application/json').send(errorBody(appError))
  })
  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('not_found', 404, `No such endpoint: ${request.method} ${request.url.split('?')[0]}`)
    return reply.status(404).type('application/json').send(errorBody(error))
  })
}
