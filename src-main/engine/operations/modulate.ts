import { modulate } from '../../../src-shared/operations/modulate'
import { step, type Operation } from '../operation'
import { readOptions } from './option-reader'

/**
 * `modulate`: `brightness` (percent, default 100) multiplies every colour channel, as rokka's
 * docs describe it ("a linear multiplier": 50 halves the values, 0 is black); `saturation`
 * (percent, default 100) scales the chroma and `hue` (degrees, default 0) turns the colour
 * wheel, both in libvips' LCh space. Alpha is kept.
 */
export const modulateOperation: Operation = {
  spec: modulate,
  apply: async (ctx, options) => {
    const read = readOptions(modulate, options)
    const brightness = (read.number('brightness') ?? 100) / 100
    const saturation = (read.number('saturation') ?? 100) / 100
    const hue = Math.round(read.number('hue') ?? 0) % 360
    const recolour = saturation !== 1 || hue !== 0
    if (!recolour && brightness === 1) return
    await step(ctx, (image) => {
      const recoloured = recolour ? image.modulate({ saturation, hue }) : image
      return brightness === 1 ? recoloured : recoloured.linear(brightness, 0)
    })
  }
}
