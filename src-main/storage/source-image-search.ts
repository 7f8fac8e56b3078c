import type { Db } from './db'
import { recordFromRow, type SourceImageRecord } from './source-image-repo'
import type { SourceImageQuery } from './search-query'
import { buildFacetSql, buildSearchSql, splitPage, type SqlParam } from './search-sql'

export interface SearchPage {
  total: number
  items: SourceImageRecord[]
  nextCursor?: string
  facets?: Record<string, { value: string; count: number }[]>
}

type Row = Parameters<typeof recordFromRow>[0] & { hash: string }

/** Runs a parsed source-image query for one organization: total, one page, facets. */
export const searchSourceImages = (db: Db, orgId: string, query: SourceImageQuery): SearchPage => {
  const sql = buildSearchSql(orgId, query)
  const total = db.prepare<SqlParam[], { total: number }>(sql.countSql).get(...sql.countParams)?.total ?? 0
  let items: SourceImageRecord[] = []
  let nextCursor: string | undefined
  if (query.limit > 0) {
    const rows = db.prepare<SqlParam[], Row>(sql.pageSql).all(...sql.pageParams)
    const page = splitPage(query, rows)
    items = page.rows.map(recordFromRow)
    nextCursor = page.nextCursor
  }
  const result: SearchPage = { total, items, ...(nextCursor ? { nextCursor } : {}) }
  if (query.facets.length > 0) {
    result.facets = Object.fromEntries(
      query.facets.map((field) => {
        const facet = buildFacetSql(orgId, query, field)
        return [field, db.prepare<SqlParam[], { value: string; count: number }>(facet.sql).all(...facet.params)]
      })
    )
  }
  return result
}
