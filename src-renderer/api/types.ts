import type { ErrorBody } from '@shared/api/errors'
import type { DarkroomHealth } from '@shared/api/health'
import type { UserMembership } from '@shared/api/organizations'
import type { SourceImage, SourceImageList } from '@shared/api/sourceimages'
import type { Stack, StackExpression, StackOperation } from '@shared/api/stacks'
import type { ApiKeyInfo } from '@shared/api/users'
import type { OperationSchema } from '@shared/operations'
import type { StackOptionsSchema } from '@shared/stack-options'
import type { WatchApi } from './watch-client'

/** What the renderer keeps of a failed request: rokka's `{ code, message }`. */
export type UiError = Pick<ErrorBody, 'code' | 'message'>

/** The answer of `POST /_darkroom/session`, as `openSession` hands it on. */
export interface SessionInfo {
  token: string
  organization: string
  apiUrl: string
  /** Render root without organization: renders are `{renderBaseUrl}/{org}/…`. */
  renderBaseUrl: string
}

/** Query parameters of `GET /sourceimages/{org}`, already in rokka's spelling. */
export type ImageQuery = Readonly<Record<string, string>>

/** The body `PUT /stacks/{org}/{name}` takes. */
export interface StackBody {
  operations: StackOperation[]
  options: Record<string, unknown>
  expressions: StackExpression[]
  variables: Record<string, unknown>
  description?: string
}

/** Bytes of one `filedata` upload sent so far. */
export type UploadProgress = (loaded: number, total: number) => void

/** An upload in flight; `abort` rejects `result` with a 0-coded UiError. */
export interface UploadHandle {
  result: Promise<SourceImage>
  abort: () => void
}

export interface SubjectArea {
  x: number
  y: number
  width: number
  height: number
}

/** A rendered image fetched for the preview, with what its response said about it. */
export interface RenderedImage {
  blob: Blob
  contentType: string
  bytes: number
  milliseconds: number
}

/** A downloaded original. */
export interface DownloadedFile {
  blob: Blob
  filename: string
}

/**
 * Everything the studio asks of the server. `rokka-client.ts` implements it over HTTP; slice
 * tests pass a fake. Methods reject with a {@link UiError}.
 */
export interface RokkaApi {
  /** Watched folders and image origins (Darkroom's own endpoints). */
  watch: WatchApi
  openSession: (oneTimeToken: string) => Promise<SessionInfo>
  /** Goes on with a session opened before (kept across a reload); calls then use its token. */
  resumeSession: (session: SessionInfo) => SessionInfo
  listMemberships: () => Promise<UserMembership[]>
  listImages: (org: string, query: ImageQuery) => Promise<SourceImageList>
  findByBinaryHash: (org: string, binaryHash: string) => Promise<SourceImage[]>
  getImage: (org: string, hash: string) => Promise<SourceImage>
  uploadImage: (org: string, file: Blob, name: string, onProgress: UploadProgress) => UploadHandle
  deleteImage: (org: string, hash: string) => Promise<void>
  restoreImage: (org: string, hash: string) => Promise<SourceImage>
  renameImage: (org: string, hash: string, name: string) => Promise<void>
  setLocked: (org: string, hash: string, locked: boolean) => Promise<void>
  patchUserMetadata: (org: string, hash: string, patch: Record<string, unknown>) => Promise<void>
  setSubjectArea: (org: string, hash: string, area: SubjectArea) => Promise<string>
  clearSubjectArea: (org: string, hash: string) => Promise<string>
  copyImage: (org: string, hash: string, destination: string) => Promise<void>
  downloadImage: (org: string, hash: string) => Promise<DownloadedFile>
  listStacks: (org: string) => Promise<Stack[]>
  putStack: (org: string, name: string, body: StackBody, overwrite: boolean) => Promise<Stack>
  deleteStack: (org: string, name: string) => Promise<void>
  listOperations: () => Promise<Record<string, OperationSchema>>
  getStackOptions: () => Promise<StackOptionsSchema>
  listApiKeys: () => Promise<ApiKeyInfo[]>
  createApiKey: (comment: string) => Promise<ApiKeyInfo>
  deleteApiKey: (id: string) => Promise<void>
  fetchRender: (url: string, signal: AbortSignal) => Promise<RenderedImage>
  /** Whether the store takes new images and which originals are damaged (Darkroom's own). */
  getHealth: () => Promise<DarkroomHealth>
}
