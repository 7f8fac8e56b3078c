/**
 * The pixels inside a polygon, as runs: triples of row, first and last column (inclusive), in
 * rows from top to bottom. A pixel is inside when its centre is (even-odd rule); everything is
 * clipped to the `width` × `height` canvas.
 */
export const rasterizePolygon = (
  points: readonly number[],
  width: number,
  height: number
): number[] => {
  const count = Math.floor(points.length / 2)
  if (count < 3) return []
  let minY = Infinity
  let maxY = -Infinity
  for (let i = 1; i < points.length; i += 2) {
    const y = points[i] ?? 0
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  const runs: number[] = []
  const crossings: number[] = []
  const firstRow = Math.max(0, Math.ceil(minY - 0.5))
  const lastRow = Math.min(height - 1, Math.floor(maxY - 0.5))
  for (let row = firstRow; row <= lastRow; row += 1) {
    const centre = row + 0.5
    crossings.length = 0
    for (let i = 0; i < count; i += 1) {
      const j = (i + 1) % count
      const x0 = points[2 * i] ?? 0
      const y0 = points[2 * i + 1] ?? 0
      const x1 = points[2 * j] ?? 0
      const y1 = points[2 * j + 1] ?? 0
      // half-open test, so a vertex on the row is counted once
      if (y0 <= centre !== y1 <= centre)
        crossings.push(x0 + ((centre - y0) * (x1 - x0)) / (y1 - y0))
    }
    crossings.sort((a, b) => a - b)
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const first = Math.max(0, Math.ceil((crossings[k] ?? 0) - 0.5))
      const last = Math.min(width - 1, Math.floor((crossings[k + 1] ?? 0) - 0.5))
      if (last >= first) runs.push(row, first, last)
    }
  }
  return runs
}
