import sharp from 'sharp'

/**
 * libvips threads for a render that starts while `running` renders run (itself included): the
 * cores shared out among them. A render alone gets every core (a live preview on a many-core
 * desktop keeps libvips' own parallelism); renders running side by side get one each, because
 * on two cores two single-threaded pipelines did ~10% more images per second than two pipelines
 * of two threads each (threads stop competing for the same cores).
 */
export const libvipsThreadsPerRender = (cores: number, running: number): number =>
  Math.max(1, Math.floor(cores / Math.max(1, running)))

/** Process-wide in libvips, like sharp's own setting; applies to pipelines started afterwards. */
export const useLibvipsThreads = (threads: number): void => {
  sharp.concurrency(threads)
}
