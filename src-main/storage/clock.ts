/** RFC 3339 timestamp with a `+00:00` offset, as rokka's API writes dates. */
export const toRfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, '+00:00')

export const nowRfc3339 = (): string => toRfc3339(new Date())
