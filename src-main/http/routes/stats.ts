import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services'
import { badRequest } from '../../errors'
import { authorizeOrg } from '../auth'
import { queryString } from '../request-body'
import { organizationStats } from '../../library/stats'

const DAY = /^\d{4}-\d{2}-\d{2}$/
const MAX_DAYS = 366

const parseDay = (value: string | undefined, fallback: Date, name: string): Date => {
  if (value === undefined || value === '') return fallback
  if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw badRequest(`${name} must be a date like 2024-05-31.`)
  }
  return new Date(`${value}T00:00:00Z`)
}

/** `GET /stats/{org}?from&to`: space used and number of files per day. */
export const registerStatsRoutes = (app: FastifyInstance, services: Services): void => {
  app.get<{ Params: { org: string } }>('/stats/:org', async (request, reply) => {
    const { org } = await authorizeOrg(services.identity, request, request.params.org, 'read')
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)
    const to = parseDay(queryString(request, 'to'), today, 'to')
    const from = parseDay(queryString(request, 'from'), new Date(to.getTime() - 30 * 86_400_000), 'from')
    if (from > to) throw badRequest('from must not be after to.')
    if ((to.getTime() - from.getTime()) / 86_400_000 >= MAX_DAYS) {
      throw badRequest(`Ask for at most ${MAX_DAYS} days at once.`)
    }
    return reply.type('application/json').send(organizationStats(services.db, org.id, from, to))
  })
}
