/** Runs one task per key at a time; callers asking for a key already in flight share its result. */
export const createSingleFlight = <T>() => {
  const inFlight = new Map<string, Promise<T>>()
  return {
    run: (key: string, task: () => Promise<T>): Promise<T> => {
      const running = inFlight.get(key)
      if (running) return running
      const started = task().finally(() => inFlight.delete(key))
      inFlight.set(key, started)
      return started
    },
    has: (key: string): boolean => inFlight.has(key),
    get size() {
      return inFlight.size
    }
  }
}
