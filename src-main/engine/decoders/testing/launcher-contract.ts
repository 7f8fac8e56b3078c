import { afterEach, describe, expect, it } from 'vitest'
import type { DecoderReply, DecoderRequest } from '../decode-types'
import type { DecoderProcessHandle, DecoderProcessLauncher } from '../decoder-process-launcher'
import { defaultDecoderProcessModule } from '../decoder-host'
import { encodeJxl } from '../jxl-codec'

const jxlRequest = async (id: number): Promise<DecoderRequest> => ({
  id,
  job: {
    kind: 'decode',
    format: 'jxl',
    bytes: await encodeJxl(
      { data: new Uint8Array(33 * 21 * 4).fill(90), width: 33, height: 21 },
      { quality: 80, effort: 1 }
    ),
    maxPixels: 1e6
  }
})

const nextReply = (child: DecoderProcessHandle): Promise<DecoderReply> =>
  new Promise((resolve) => {
    const stop = child.onMessage((reply) => {
      stop()
      resolve(reply)
    })
  })

const nextExit = (child: DecoderProcessHandle): Promise<number | null> =>
  new Promise((resolve) => {
    const stop = child.onExit((code) => {
      stop()
      resolve(code)
    })
  })

/**
 * What the decoder host relies on from every launcher, run against a real decoder process
 * (decoder-process.ts under tsx unless `modulePath` names another, e.g. the built bundle).
 */
export const describeLauncherContract = (
  name: string,
  launcher: DecoderProcessLauncher,
  modulePath: () => string = defaultDecoderProcessModule
): void => {
  describe(`${name}: the decoder process launcher contract`, () => {
    const running: DecoderProcessHandle[] = []
    const launch = (): DecoderProcessHandle => {
      const child = launcher({ modulePath: modulePath(), heapMb: 512 })
      running.push(child)
      return child
    }
    afterEach(() => {
      for (const child of running.splice(0)) child.kill()
    })

    it('answers a request with structured-cloned pixels', async () => {
      const child = launch()
      const reply = nextReply(child)
      child.send(await jxlRequest(3))
      const answer = await reply
      expect(answer).toMatchObject({
        id: 3,
        ok: true,
        pixels: { width: 33, height: 21, channels: 4 }
      })
      const pixels = answer.ok ? answer.pixels : undefined
      expect(pixels?.data).toBeInstanceOf(Uint8Array)
      expect(pixels?.data[0]).toBe(90)
    })

    it('has a pid while it runs and reports its end when killed, not as a crash (code 1)', async () => {
      const child = launch()
      const reply = nextReply(child)
      child.send(await jxlRequest(1))
      await reply
      expect(child.pid).toEqual(expect.any(Number))
      const exit = nextExit(child)
      child.kill()
      expect(await exit).not.toBe(1)
    })

    it('stops telling a listener once it has stopped listening', async () => {
      const child = launch()
      const heard: number[] = []
      const stop = child.onMessage((answer) => heard.push(answer.id))
      const first = nextReply(child)
      child.send(await jxlRequest(1))
      await first
      stop()
      const second = nextReply(child)
      child.send(await jxlRequest(2))
      expect((await second).id).toBe(2)
      expect(heard).toEqual([1])
    })
  })
}
