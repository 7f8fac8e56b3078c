import { useAppStore } from '../../store'

export const OrgSwitcher = () => {
  const org = useAppStore((state) => state.org)
  const memberships = useAppStore((state) => state.memberships)
  const switchOrg = useAppStore((state) => state.switchOrg)
  const names = memberships.some((m) => m.organization === org)
    ? memberships.map((m) => m.organization)
    : [org, ...memberships.map((m) => m.organization)]
  return (
    <label className="inline-field">
      <span>Organization</span>
      <select
        value={org}
        onChange={(event) => void switchOrg(event.target.value)}
        data-testid="org-switcher"
      >
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  )
}
