import type { DarkroomHealth } from '@shared/api/health'
import type { UserMembership } from '@shared/api/organizations'
import type { SourceImage, SourceImageList } from '@shared/api/sourceimages'
import type { Stack, StackList } from '@shared/api/stacks'
import type { ApiKeyInfo } from '@shared/api/users'
import type { OperationSchema } from '@shared/operations'
import type { StackOptionsSchema } from '@shared/stack-options'
import { jwtExpiry } from '../lib/saved-session'
import { errorFromBody, networkError } from './errors'
import type { RokkaApi, SessionInfo, UploadHandle, UploadProgress } from './types'
import { createWatchClient } from './watch-client'

interface Call {
  method?: string
  body?: unknown
  headers?: Record<string, string>
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '')

/**
 * The render root without an organization. The server may hand out the base of its own
 * organization (`…/render/local`); the studio switches organizations, so it keeps the root.
 */
export const renderRootOf = (renderBaseUrl: string, organization: string): string => {
  const base = trimSlash(renderBaseUrl)
  const suffix = `/${encodeURIComponent(organization)}`
  return base.endsWith(suffix) ? base.slice(0, -suffix.length) : base
}

const RENEW_AT = 0.8

/** Seconds until the JWT's `exp`, or undefined when it carries none. */
const secondsLeft = (jwt: string): number | undefined => {
  const expiry = jwtExpiry(jwt)
  return expiry === null ? undefined : expiry - Date.now() / 1000
}
const enc = encodeURIComponent

const readJson = async (response: Response): Promise<unknown> => {
  const text = await response.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

const filenameOf = (disposition: string | null, fallback: string): string => {
  const match = disposition === null ? null : /filename="([^"]+)"/.exec(disposition)
  return match?.[1] ?? fallback
}

/** The last path segment of a `Location` header: the new hash after a dynamic metadata change. */
const hashOfLocation = (location: string | null): string | undefined =>
  location === null ? undefined : location.split('/').filter(Boolean).pop()

/**
 * The studio's HTTP client: the only code that calls fetch or XMLHttpRequest. `openSession`
 * trades the one-time token for a JWT that every later call sends as a Bearer token;
 * `onSession` hears of every session it opens, resumes or renews, so it can be kept.
 */
export const createRokkaClient = (
  sessionUrl = '/_darkroom/session',
  onSession: (session: SessionInfo) => void = () => undefined
): RokkaApi => {
  let apiUrl = ''
  let token = ''
  let session: SessionInfo | null = null
  let renewal: ReturnType<typeof setTimeout> | undefined

  const useSession = (next: SessionInfo) => {
    session = next
    apiUrl = next.apiUrl
    token = next.token
    scheduleRenewal()
    onSession(next)
  }

  // the studio JWT is renewable; trade it for a fresh one well before it expires
  const scheduleRenewal = () => {
    const left = secondsLeft(token)
    if (renewal !== undefined) clearTimeout(renewal)
    if (left === undefined || left <= 0) return
    renewal = setTimeout(() => void renew(), Math.min(left * RENEW_AT, 2 ** 31 / 1000 - 1) * 1000)
  }
  const renew = async () => {
    try {
      const fresh = await json<{ token: string }>('/user/apikeys/token?renewable=true', {
        method: 'POST'
      })
      if (session !== null) useSession({ ...session, token: fresh.token })
    } catch {
      // the current token stays valid until it expires; the next API call reports that
    }
  }

  const authHeaders = (): Record<string, string> => ({
    Authorization: `Bearer ${token}`,
    'Api-Version': '1'
  })

  const send = async (path: string, call: Call = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...authHeaders(), ...call.headers }
    let body: string | undefined
    if (call.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(call.body)
    }
    let response: Response
    try {
      response = await fetch(`${apiUrl}${path}`, { method: call.method ?? 'GET', headers, body })
    } catch {
      throw networkError(`${call.method ?? 'GET'} ${path}`)
    }
    if (!response.ok) {
      throw errorFromBody(response.status, response.statusText, await readJson(response))
    }
    return response
  }

  const json = async <T>(path: string, call: Call = {}): Promise<T> =>
    (await readJson(await send(path, call))) as T

  const nothing = async (path: string, call: Call): Promise<void> => {
    await send(path, call)
  }

  const uploadImage = (
    org: string,
    file: Blob,
    name: string,
    onProgress: UploadProgress
  ): UploadHandle => {
    const xhr = new XMLHttpRequest()
    const result = new Promise<SourceImage>((resolve, reject) => {
      const form = new FormData()
      form.append('filedata', file, name)
      xhr.open('POST', `${apiUrl}/sourceimages/${enc(org)}`)
      for (const [key, value] of Object.entries(authHeaders())) xhr.setRequestHeader(key, value)
      xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size)
      xhr.onerror = () => reject(networkError(`uploading ${name}`))
      xhr.onabort = () => reject({ code: 0, message: 'Upload cancelled.' })
      xhr.onload = () => {
        let body: unknown
        try {
          body = JSON.parse(xhr.responseText) as unknown
        } catch {
          body = undefined
        }
        if (xhr.status < 200 || xhr.status >= 300) {
          reject(errorFromBody(xhr.status, xhr.statusText, body))
          return
        }
        const item = (body as { items?: SourceImage[] } | undefined)?.items?.[0]
        if (item === undefined)
          reject({ code: xhr.status, message: 'The upload answer had no image.' })
        else resolve(item)
      }
      xhr.send(form)
    })
    return { result, abort: () => xhr.abort() }
  }

  const changeSubjectArea = async (path: string, call: Call, hash: string): Promise<string> => {
    const response = await send(path, call)
    if (response.status === 204) return hash
    const body = (await readJson(response)) as { hash?: string } | undefined
    return body?.hash ?? hashOfLocation(response.headers.get('Location')) ?? hash
  }

  return {
    openSession: async (oneTimeToken) => {
      let response: Response
      try {
        response = await fetch(sessionUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ token: oneTimeToken })
        })
      } catch {
        throw networkError('opening a session')
      }
      const body = await readJson(response)
      if (!response.ok) throw errorFromBody(response.status, response.statusText, body)
      const opened = body as SessionInfo
      const normalised = {
        ...opened,
        apiUrl: trimSlash(opened.apiUrl),
        renderBaseUrl: renderRootOf(opened.renderBaseUrl, opened.organization)
      }
      useSession(normalised)
      return normalised
    },
    resumeSession: (saved) => {
      useSession(saved)
      return saved
    },
    listMemberships: async () =>
      (await json<{ items: UserMembership[] }>('/user/memberships')).items,
    listImages: (org, query) =>
      json<SourceImageList>(`/sourceimages/${enc(org)}?${new URLSearchParams(query).toString()}`),
    findByBinaryHash: async (org, binaryHash) =>
      (await json<SourceImageList>(`/sourceimages/${enc(org)}?binaryHash=${enc(binaryHash)}`))
        .items,
    getImage: (org, hash) => json<SourceImage>(`/sourceimages/${enc(org)}/${enc(hash)}`),
    uploadImage,
    deleteImage: (org, hash) =>
      nothing(`/sourceimages/${enc(org)}/${enc(hash)}`, { method: 'DELETE' }),
    restoreImage: (org, hash) =>
      json<SourceImage>(`/sourceimages/${enc(org)}/${enc(hash)}/restore`, { method: 'POST' }),
    renameImage: (org, hash, name) =>
      nothing(`/sourceimages/${enc(org)}/${enc(hash)}/name`, { method: 'PUT', body: name }),
    setLocked: (org, hash, locked) =>
      nothing(`/sourceimages/${enc(org)}/${enc(hash)}/options/locked`, {
        method: 'PUT',
        body: locked
      }),
    patchUserMetadata: (org, hash, patch) =>
      nothing(`/sourceimages/${enc(org)}/${enc(hash)}/meta/user`, { method: 'PATCH', body: patch }),
    setSubjectArea: (org, hash, area) =>
      changeSubjectArea(
        `/sourceimages/${enc(org)}/${enc(hash)}/meta/dynamic/subject_area?deletePrevious=true`,
        { method: 'PUT', body: area },
        hash
      ),
    clearSubjectArea: (org, hash) =>
      changeSubjectArea(
        `/sourceimages/${enc(org)}/${enc(hash)}/meta/dynamic/subject_area?deletePrevious=true`,
        { method: 'DELETE' },
        hash
      ),
    copyImage: (org, hash, destination) =>
      nothing(`/sourceimages/${enc(org)}/${enc(hash)}/copy`, {
        method: 'POST',
        headers: { Destination: destination }
      }),
    downloadImage: async (org, hash) => {
      const response = await send(`/sourceimages/${enc(org)}/${enc(hash)}/download`)
      const filename = filenameOf(response.headers.get('Content-Disposition'), hash)
      return { blob: await response.blob(), filename }
    },
    listStacks: async (org) => (await json<StackList>(`/stacks/${enc(org)}`)).items,
    putStack: (org, name, body, overwrite) =>
      json<Stack>(`/stacks/${enc(org)}/${enc(name)}${overwrite ? '?overwrite=true' : ''}`, {
        method: 'PUT',
        body
      }),
    deleteStack: (org, name) => nothing(`/stacks/${enc(org)}/${enc(name)}`, { method: 'DELETE' }),
    listOperations: () => json<Record<string, OperationSchema>>('/operations'),
    getStackOptions: () => json<StackOptionsSchema>('/stackoptions'),
    listApiKeys: () => json<ApiKeyInfo[]>('/user/apikeys'),
    createApiKey: (comment) =>
      json<ApiKeyInfo>('/user/apikeys', { method: 'POST', body: { comment } }),
    deleteApiKey: (id) => nothing(`/user/apikeys/${enc(id)}`, { method: 'DELETE' }),
    watch: createWatchClient(send),
    getHealth: () => json<DarkroomHealth>('/_darkroom/health'),
    fetchRender: async (url, signal) => {
      const started = performance.now()
      let response: Response
      try {
        // marks a live preview: the server encodes AVIF at a fast effort for it
        response = await fetch(url, { signal, headers: { 'X-Darkroom-Preview': '1' } })
      } catch {
        if (signal.aborted) throw { code: 0, message: 'Render cancelled.' }
        throw networkError(`rendering ${url}`)
      }
      if (!response.ok) {
        throw errorFromBody(response.status, response.statusText, await readJson(response))
      }
      const blob = await response.blob()
      const length = Number(response.headers.get('Content-Length'))
      return {
        blob,
        contentType: response.headers.get('Content-Type') ?? blob.type,
        bytes: Number.isFinite(length) && length > 0 ? length : blob.size,
        milliseconds: Math.round(performance.now() - started)
      }
    }
  }
}
