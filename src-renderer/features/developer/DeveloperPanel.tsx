import { useEffect, useState } from 'react'
import { desktopVersion } from '../../bridge'
import { CopyField } from '../../components/CopyField'
import { useAppStore } from '../../store'
import { ApiKeys } from './ApiKeys'
import { imgSrcset, pictureElement, renderUrl, rokkaJsConfig } from './snippets'

export const DeveloperPanel = () => {
  const apiUrl = useAppStore((state) => state.apiUrl)
  const renderBaseUrl = useAppStore((state) => state.renderBaseUrl)
  const org = useAppStore((state) => state.org)
  const stack = useAppStore((state) => state.stacks[0]?.name ?? 'mystack')
  const image = useAppStore((state) => state.images[0])
  const [desktop, setDesktop] = useState<string | null>(null)
  useEffect(() => void desktopVersion().then(setDesktop), [])
  const input = {
    apiUrl,
    renderBaseUrl,
    org,
    stack,
    hash: image?.short_hash ?? 'c1b110',
    alt: image?.name ?? 'An image'
  }
  return (
    <section className="developer" aria-label="Developer">
      <section className="panel-section" aria-labelledby="endpoints-title">
        <h3 id="endpoints-title">Endpoints</h3>
        <p className="hint" data-testid="dev-host">
          {desktop === null ? 'Running in a browser.' : `Darkroom desktop ${desktop}.`} Organization{' '}
          <code>{org}</code>.
        </p>
        <CopyField label="API URL" value={apiUrl} testId="dev-api-url" />
        <CopyField label="Render host" value={`${renderBaseUrl}/${org}`} testId="dev-render-host" />
      </section>
      <ApiKeys />
      <section className="panel-section" aria-labelledby="snippets-title">
        <h3 id="snippets-title">Snippets</h3>
        <p className="hint">
          Using stack <code>{stack}</code> and image <code>{input.hash}</code>.
        </p>
        <CopyField
          label="rokka.js"
          value={rokkaJsConfig(input)}
          testId="snippet-rokkajs"
          multiline
        />
        <CopyField label="Render URL" value={renderUrl(input)} testId="snippet-render-url" />
        <CopyField
          label="<img srcset> for 2× and 3× screens"
          value={imgSrcset(input)}
          testId="snippet-srcset"
          multiline
        />
        <CopyField
          label="<picture> with AVIF and WebP"
          value={pictureElement(input)}
          testId="snippet-picture"
          multiline
        />
      </section>
    </section>
  )
}
