/** `POST /users` answer; the key is shown once and never again. */
export interface CreatedUser {
  id: string
  email: string
  api_key: string
  organization?: string
}

/** An API key's metadata; `api_key` only in the answer that created it. */
export interface ApiKeyInfo {
  id: string
  comment: string | null
  created: string
  accessed: string | null
  api_key?: string
}

export interface CurrentUser {
  user_id: string
  email?: string
  api_keys?: ApiKeyInfo[]
}

/** `/user/apikeys/token` answer. */
export interface TokenResponse {
  token: string
  payload: { id: string; exp: number; expt: number; ips: string[]; rn: boolean }
}
