import { ErrorText } from '../../components/ErrorText'
import { useAppStore } from '../../store'
import { StackEditor } from './StackEditor'
import { StackList } from './StackList'

export const StacksView = () => {
  const draft = useAppStore((state) => state.draft)
  const error = useAppStore((state) => state.stacksError)
  return (
    <section className="stacks-view" aria-label="Stacks">
      <StackList />
      <div className="stacks-main">
        <ErrorText error={error} testId="stacks-error" />
        {draft === null ? (
          <p className="empty">Choose a stack to edit, or create a new one.</p>
        ) : (
          <StackEditor draft={draft} />
        )}
      </div>
    </section>
  )
}
