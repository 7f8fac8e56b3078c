import { basename } from 'node:path'
import { expect, Studio, test, waitUntilSignedIn } from './fixtures'

const SESSION_KEY = 'darkroom.session'

test.describe('studio session', () => {
  test('a reload stays signed in although the one-time link is spent', async ({
    studio,
    studioPage,
    photos
  }) => {
    const photo = photos.path('colorful-cups.jpg')
    await studio.uploads.pickFiles([photo])
    await studio.uploads.expectAll([basename(photo)], 'done')
    // the token left the address bar as soon as it was traded
    expect(await studioPage.evaluate(() => location.hash)).toBe('')

    await studioPage.reload()
    await waitUntilSignedIn(studioPage)
    await studio.library.expectTotal(1)
    await expect(studio.library.card(basename(photo))).toBeVisible()
    // and it still works: the API answers the kept token
    await studio.stacks.open()
    await studio.stacks.create('after-reload')
    await studio.stacks.save()
    await expect(studio.stacks.listed('after-reload')).toBeVisible()
  })

  test('a kept session whose token has expired is not used; the page asks for the link', async ({
    studio,
    studioPage
  }) => {
    await studioPage.evaluate((key) => {
      const kept = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { token: string }
      const [head, body, signature] = kept.token.split('.')
      const payload = JSON.parse(atob((body ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as {
        exp: number
      }
      payload.exp = Math.floor(Date.now() / 1000) - 60
      const expired = btoa(JSON.stringify(payload)).replace(/=+$/, '')
      sessionStorage.setItem(
        key,
        JSON.stringify({ ...kept, token: `${head}.${expired}.${signature}` })
      )
    }, SESSION_KEY)
    await studioPage.reload()
    await expect(studio.splashMessage()).toContainText('one-time link')
    expect(await studioPage.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY)).toBeNull()
  })

  test('the studio link works once: a second tab opening it is refused', async ({
    studioMode,
    studioBrowser,
    server
  }) => {
    test.skip(studioMode !== 'web', 'the desktop window opens its link itself; no one else sees it')
    const link = /Darkroom studio: (\S+)/.exec(server.output())?.[1] ?? ''
    expect(link).toContain('#token=')
    if (studioBrowser === null) throw new Error('web mode runs with a browser')
    const context = await studioBrowser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(link)
      const second = new Studio(page)
      await expect(second.splashMessage()).toContainText('has been used already')
      await expect(second.library.total).toHaveCount(0)
    } finally {
      await context.close()
    }
  })
})
