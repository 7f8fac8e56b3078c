import type { UiError } from '../api/types'

export const ErrorText = ({ error, testId }: { error: UiError | null; testId: string }) =>
  error === null ? null : (
    <p role="alert" className="error" data-testid={testId}>
      {error.message}
    </p>
  )
