/**
 * Splits a Server-Sent Events byte stream into the `data` of each message. Comment lines
 * (heartbeats) and other fields are dropped; a message spread over several chunks is joined.
 */
export const createSseParser = (onData: (data: string) => void) => {
  let buffer = ''
  return (chunk: string): void => {
    buffer += chunk.replace(/\r\n?/g, '\n')
    let end = buffer.indexOf('\n\n')
    while (end !== -1) {
      const message = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const data = message
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
      if (data.length > 0) onData(data.join('\n'))
      end = buffer.indexOf('\n\n')
    }
  }
}
