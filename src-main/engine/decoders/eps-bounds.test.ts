import { describe, expect, it } from 'vitest'
import { epsBounds } from './eps-bounds'

const eps = (header: string) => Buffer.from(`%!PS-Adobe-3.0 EPSF-3.0\n${header}%%EndComments\nshowpage\n`, 'latin1')

describe('epsBounds', () => {
  it('reads %%BoundingBox, preferring %%HiResBoundingBox', () => {
    expect(epsBounds(eps('%%BoundingBox: 10 20 130 100\n'))).toEqual({ x0: 10, y0: 20, x1: 130, y1: 100 })
    expect(epsBounds(eps('%%BoundingBox: 0 0 121 81\n%%HiResBoundingBox: 0 0 120.5 80.25\n'))).toEqual({
      x0: 0,
      y0: 0,
      x1: 120.5,
      y1: 80.25
    })
  })

  it('reads the PostScript section of a DOS EPS binary', () => {
    const postscript = eps('%%BoundingBox: 0 0 50 40\n')
    const header = Buffer.alloc(30)
    Buffer.from([0xc5, 0xd0, 0xd3, 0xc6]).copy(header)
    header.writeUInt32LE(30, 4)
    header.writeUInt32LE(postscript.length, 8)
    expect(epsBounds(Buffer.concat([header, postscript]))).toEqual({ x0: 0, y0: 0, x1: 50, y1: 40 })
  })

  it('is null without a box, with "(atend)", or with an empty box', () => {
    expect(epsBounds(eps(''))).toBeNull()
    expect(epsBounds(eps('%%BoundingBox: (atend)\n'))).toBeNull()
    expect(epsBounds(eps('%%BoundingBox: 0 0 0 0\n'))).toBeNull()
  })
})
