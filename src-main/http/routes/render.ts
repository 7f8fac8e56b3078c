import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { readFile } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { parseRenderPath, type RenderRequest } from '../../../src-shared/render-url'
import type { Services } from '../../services'
import type { OrganizationRecord } from '../../identity/organization-repo'
import type { SourceImageRecord } from '../../storage/source-image-repo'
import type { StackRecord } from '../../stacks/stack-repo'
import { isPreviewStack } from '../../stacks/stack-service'
import { resolveStack, type UrlOverrides } from '../../render/resolve-stack'
import type { RenderResources } from '../../engine/context'
import { imageScope, requestScope } from '../../render/expression-scope'
import { nodeUrlSigner } from '../../render/sign-node'
import { AppError, notFound, sourceImageNotFound, stackNotFound } from '../../errors'
import { contentDisposition } from '../content-disposition'
import { isPreviewRequest, PREVIEW_AVIF_EFFORT } from '../preview-request'
import { isDecodedFormat } from '../../engine/decoders/decode-types'

/** How deep compositions may render secondaries through stacks that compose again. */
const MAX_SECONDARY_DEPTH = 3

/** What a render request fixes for every stack rendered on its behalf. */
interface RenderScope {
  org: OrganizationRecord
  request: FastifyRequest
  overrides: UrlOverrides
  cacheable: boolean
}

const IMMUTABLE = 'public, max-age=31536000, immutable'
/** The crafted SVG (jpg.transparency.autoformat) shows only its own data: images. */
const SVG_POLICY = "default-src 'none'; img-src data:; sandbox"
const DYNAMIC_STACK: Omit<StackRecord, 'organizationId' | 'created' | 'description'> = {
  name: 'dynamic',
  operations: [],
  options: {},
  expressions: [],
  variables: {}
}

/** Render URLs: `/render/{org}/…` here, and `{org}.localhost/…` rewritten to it. */
export const registerRenderRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity, images, stacks, aliases, renders, remoteSources, blobs } = services

  const findImage = async (org: OrganizationRecord, parsed: RenderRequest, stackOptions: Record<string, unknown>): Promise<SourceImageRecord> => {
    const { image } = parsed
    if (image.kind === 'remote') return remoteSources.resolve(org, image.url, stackOptions)
    const hash = image.kind === 'alias' ? aliases.get(org.id, image.alias)?.hash : image.hash
    if (!hash) throw notFound(`Alias "${image.kind === 'alias' ? image.alias : ''}" not found in "${org.name}".`)
    const found = images.find(org.id, hash)
    if (found) return found
    const fallbackName = org.options.render_org_fallback
    const fallback = typeof fallbackName === 'string' ? identity.organizations.getByName(fallbackName) : undefined
    const fromFallback = fallback && images.find(fallback.id, hash)
    if (fromFallback) return fromFallback
    throw sourceImageNotFound(org.name, hash)
  }

  const checkSignature = (request: FastifyRequest, org: OrganizationRecord, relative: string) => {
    const url = request.originalUrl
    const now = new Date()
    const keys = [org.signing_key]
    const status = nodeUrlSigner.verifySignedUrl(url, keys, now)
    const alternative = status === 'ok' ? 'ok' : nodeUrlSigner.verifySignedUrl(relative, keys, now)
    if (status === 'ok' || alternative === 'ok') return
    const worst = status === 'expired' || alternative === 'expired' ? 'expired' : status
    const message =
      worst === 'missing'
        ? 'This image or stack is protected: its URL needs a signature (sig).'
        : worst === 'expired'
          ? 'The signature of this URL has expired.'
          : 'The signature of this URL does not match.'
    throw new AppError('forbidden', 403, message)
  }

  const resolveFor = (
    scope: RenderScope,
    stack: Pick<StackRecord, 'name' | 'operations' | 'options' | 'expressions' | 'variables'>,
    image: SourceImageRecord,
    isDynamic: boolean
  ) =>
    resolveStack({
      stack,
      overrides: scope.overrides,
      isDynamic,
      image: imageScope(image),
      request: requestScope(scope.request.headers),
      loadStack: (name) => stacks.get(scope.org.id, name)
    })

  /** What operations may load while rendering `primary`: other images, other stacks' renders. */
  const resourcesFor = (scope: RenderScope, primary: SourceImageRecord, depth: number): RenderResources => {
    const { org } = scope
    const imageOf = (hash: string) => {
      const found = images.find(org.id, hash)
      if (!found) throw new AppError('invalid_option', 400, `The source image "${hash}" used by the stack does not exist.`)
      return found
    }
    return {
      loadSourceImage: async (hash) => {
        const secondary = imageOf(hash)
        if (isDecodedFormat(secondary.format)) return { data: await renders.decodedPng(secondary), format: 'png' }
        return { data: await readFile(blobs.pathOf(secondary.blobHash)), format: secondary.format }
      },
      renderStack: async (hash, name, variables) => {
        if (depth >= MAX_SECONDARY_DEPTH) {
          throw new AppError('invalid_option', 400, `Secondary stacks nest at most ${MAX_SECONDARY_DEPTH} deep; "${name}" is one too many.`)
        }
        const stack = stacks.get(org.id, name)
        if (!stack) throw new AppError('invalid_option', 400, `The secondary stack "${name}" of composition does not exist.`)
        const image = hash === null ? primary : imageOf(hash)
        // the secondary's own variables take same-named URL variables, then the composition's
        const overrides = {
          ...scope.overrides,
          operations: [],
          options: {},
          queryVariables: { ...scope.overrides.queryVariables, ...variables }
        }
        const inner = { ...scope, overrides }
        const result = await renders.render({
          organizationId: org.id,
          image,
          stack: resolveFor(inner, stack, image, false),
          extension: 'png',
          accept: '',
          cacheable: scope.cacheable,
          nested: true,
          resources: resourcesFor(inner, image, depth + 1)
        })
        return { data: result.data ?? (await readFile(result.path as string)), format: 'png' }
      }
    }
  }

  const sendFile = (reply: FastifyReply, path: string, size: number) => {
    reply.header('Content-Length', String(size))
    return reply.send(createReadStream(path))
  }

  const handle = async (request: FastifyRequest<{ Params: { org: string; '*': string } }>, reply: FastifyReply) => {
    const org = identity.organizations.getByName(request.params.org)
    if (!org) throw notFound(`Organization "${request.params.org}" does not exist.`)
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : ''
    const relativePath = rawRenderPath(request.url)
    const parsed = parseRenderPath(relativePath, query)
    const isDynamic = parsed.stack === 'dynamic'
    const stack = isDynamic ? DYNAMIC_STACK : stacks.get(org.id, parsed.stack)
    if (!stack) throw stackNotFound(org.name, parsed.stack)
    const image = await findImage(org, parsed, stack.options)

    const isProtected =
      stack.options.protected === true || image.isProtected || (isDynamic && org.options.protect_dynamic_stack === true)
    if (isProtected) checkSignature(request, org, query ? `${relativePath}?${query}` : relativePath)

    const cacheable = !isPreviewStack(parsed.stack)
    reply.header('Cache-Control', cacheable ? IMMUTABLE : 'no-store')
    reply.header('X-Content-Type-Options', 'nosniff')
    const disposition = stack.options.content_disposition === 'attachment' ? 'attachment' : null

    if (stack.options.source_file === true) {
      const path = await renders.originalPath(image)
      reply.header('Content-Type', image.mimetype).header('ETag', `"${image.blobHash}"`)
      if (disposition) reply.header('Content-Disposition', contentDisposition('attachment', image.name))
      if (image.format === 'svg') reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      if (request.headers['if-none-match'] === `"${image.blobHash}"`) return reply.status(304).send()
      return sendFile(reply, path, image.size)
    }

    const overrides = { ...parsed.overrides, queryVariables: parsed.queryVariables }
    const scope = { org, request, overrides, cacheable }
    const resolved = resolveFor(scope, stack, image, isDynamic)
    const result = await renders.render({
      organizationId: org.id,
      image,
      stack: resolved,
      extension: parsed.format,
      accept: String(request.headers.accept ?? ''),
      cacheable,
      ...(isPreviewRequest(parsed.stack, request.headers) ? { avifEffort: PREVIEW_AVIF_EFFORT } : {}),
      resources: resourcesFor(scope, image, 0)
    })
    const etag = `"${result.entry.key}"`
    reply.header('Content-Type', result.entry.mimetype).header('ETag', etag)
    // like a CDN's X-Cache: lets people and tests see whether this request rendered
    reply.header('X-Darkroom-Render', result.served)
    if (result.entry.format === 'svg') reply.header('Content-Security-Policy', SVG_POLICY)
    if (result.variesOnAccept) reply.header('Vary', 'Accept')
    if (disposition) {
      const base = (parsed.seoName ?? image.name.replace(/\.[^.]*$/, '')) || 'image'
      reply.header('Content-Disposition', contentDisposition('attachment', `${base}.${result.entry.format}`))
    }
    if (request.headers['if-none-match'] === etag) return reply.status(304).send()
    if (result.data) return reply.header('Content-Length', String(result.data.length)).send(result.data)
    return sendFile(reply, result.path as string, result.entry.size)
  }

  app.get<{ Params: { org: string; '*': string } }>('/render/:org/*', handle)
}

/**
 * The render path after `/render/{org}`, still percent-encoded: the router's `*` parameter is
 * decoded, which would turn `%2F` inside an `[expression]` into a part separator and change the
 * string a signature covers.
 */
export const rawRenderPath = (url: string): string => {
  const path = url.includes('?') ? url.slice(0, url.indexOf('?')) : url
  const afterOrg = path.indexOf('/', '/render/'.length)
  return afterOrg < 0 ? '/' : path.slice(afterOrg)
}

/** `{org}.localhost[:port]` → the organization, for host-based render URLs. */
export const organizationOfHost = (host: string | undefined): string | null => {
  const match = /^([a-z0-9-]+)\.localhost(?::\d+)?$/i.exec(host ?? '')
  return match ? (match[1] as string).toLowerCase() : null
}
