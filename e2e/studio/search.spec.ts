import { basename } from 'node:path'
import type { SourceImageList } from '@shared/api/sourceimages'
import { expect, test } from './fixtures'

test('the library finds images by a user metadata field and by name', async ({
  studio,
  server,
  photos
}) => {
  const files = ['by-the-water.jpg', 'colorful-cups.jpg', 'fallen-leaf.jpg'].map((name) =>
    photos.path(name)
  )
  await studio.uploads.pickFiles(files)
  await studio.uploads.expectAll(
    files.map((path) => basename(path)),
    'done'
  )
  await studio.library.expectTotal(3)

  // typed metadata, added through the image view
  await studio.openImage('fallen-leaf.jpg')
  await studio.image.addMetadata('str', 'project', 'autumn-campaign')
  await studio.image.addMetadata('int', 'rating', '5')
  await studio.image.close()
  await studio.openImage('by-the-water.jpg')
  await studio.image.addMetadata('int', 'rating', '3')
  await studio.image.close()

  await studio.library.search('user:str:project=autumn-campaign')
  await studio.library.expectTotal(1)
  expect(await studio.library.names()).toEqual(['fallen-leaf.jpg'])

  // rokka's range syntax on an int field
  await studio.library.search('user:int:rating=[4,}')
  await studio.library.expectTotal(1)
  expect(await studio.library.names()).toEqual(['fallen-leaf.jpg'])
  await studio.library.search('user:int:rating=[1,}')
  await studio.library.expectTotal(2)
  expect((await studio.library.names()).sort()).toEqual(['by-the-water.jpg', 'fallen-leaf.jpg'])

  // free text searches names
  await studio.library.search('cups')
  await studio.library.expectTotal(1)
  expect(await studio.library.names()).toEqual(['colorful-cups.jpg'])

  await studio.library.search('')
  await studio.library.expectTotal(3)

  // the server agrees; as on rokka, str is the default type and keeps no prefix
  const found = await server.json<SourceImageList>(
    `/sourceimages/${server.org}?user:str:project=autumn-campaign`
  )
  expect(found.items.map((item) => item.name)).toEqual(['fallen-leaf.jpg'])
  expect(found.items[0]?.user_metadata).toEqual({
    project: 'autumn-campaign',
    'int:rating': 5
  })
})
