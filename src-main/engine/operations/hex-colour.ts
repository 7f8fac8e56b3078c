/** Channel values 0–255 of a six-digit hex colour without `#` (`FFFFFF`), rokka's colour form. */
export const parseHexColour = (hex: string): { r: number; g: number; b: number } => ({
  r: Number.parseInt(hex.slice(0, 2), 16),
  g: Number.parseInt(hex.slice(2, 4), 16),
  b: Number.parseInt(hex.slice(4, 6), 16)
})
