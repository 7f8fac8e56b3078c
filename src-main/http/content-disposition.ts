/**
 * A `Content-Disposition` value that is always a valid header: an ASCII fallback name in quotes
 * (at the end, where the Go client looks for it) plus the exact name in RFC 5987 form.
 */
export const contentDisposition = (type: 'inline' | 'attachment', name: string): string => {
  const fallback =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '')
      .trim() || 'image'
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `${type}; filename*=UTF-8''${exact}; filename="${fallback}"`
}
