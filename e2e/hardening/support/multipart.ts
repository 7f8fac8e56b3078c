/** A part of a hand-made multipart body. */
export type Part =
  | { name: string; value: string }
  | { name: string; filename?: string; data: Buffer; type?: string; rawHeaders?: string }

/** A multipart/form-data body built byte by byte, so tests can also get it wrong on purpose. */
export const multipart = (parts: Part[], boundary = `----darkroom-hardening-${Math.random().toString(16).slice(2)}`) => {
  const chunks: Buffer[] = []
  for (const part of parts) {
    if ('data' in part) {
      const name = part.filename === undefined ? '' : `; filename="${part.filename}"`
      const head =
        part.rawHeaders ??
        `Content-Disposition: form-data; name="${part.name}"${name}\r\nContent-Type: ${part.type ?? 'application/octet-stream'}`
      chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`, 'utf8'), part.data, Buffer.from('\r\n'))
    } else {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`, 'utf8')
      )
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}`, boundary }
}
