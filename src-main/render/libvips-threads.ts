import sharp from 'sharp'

/**
 * libvips threads for each render: the cores shared out among the renders that run at once.
 * Renders run in parallel already, and on two cores two single-threaded pipelines did ~14% more
 * images per second than two pipelines of two threads each (threads stop waiting on each other),
 * while one render alone was no slower with one thread: decoding a JPEG or PNG is sequential.
 */
export const libvipsThreadsPerRender = (cores: number, renderConcurrency: number): number =>
  Math.max(1, Math.floor(cores / Math.max(1, renderConcurrency)))

/** Process-wide in libvips, like sharp's own setting; applies to pipelines started afterwards. */
export const useLibvipsThreads = (threads: number): void => {
  sharp.concurrency(threads)
}
