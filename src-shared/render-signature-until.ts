const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/
const BASIC =
  /^(\d{4})(\d{2})(\d{2})(?:[Tt](\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?(Z|z|[+-]\d{2}(?:\d{2})?)?)?$/

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)

const offsetMinutes = (zone: string | undefined): number | undefined => {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0
  if (hours > 23 || minutes > 59) return undefined
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes)
}

/**
 * Milliseconds since the epoch of an ISO 8601 date or date-time in calendar form, extended
 * (`2050-02-08T08:05:00+00:00`, `2050-02-08T07:05:00.000Z`) or basic (`20500208T070500Z`);
 * reduced precision (`2050-02-08`, `2050-02-08T07:05`) is allowed and a missing offset means UTC.
 * `undefined` for anything else, including impossible dates such as February 30.
 */
export const parseIsoInstant = (text: string): number | undefined => {
  const match = EXTENDED.exec(text) ?? BASIC.exec(text)
  if (match === null) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match
  const [year, month, day] = [Number(y), Number(mo), Number(d)]
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)]
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  const isEndOfDay = hour === 24 && minute === 0 && second === 0 && !/[1-9]/.test(fraction)
  if ((hour > 23 && !isEndOfDay) || minute > 59 || second > 60) return undefined
  const offset = offsetMinutes(zone)
  if (offset === undefined) return undefined
  const millis = Math.floor(Number(`0.${fraction || '0'}`) * 1000)
  const utc = new Date(0)
  utc.setUTCFullYear(year, month - 1, day)
  utc.setUTCHours(hour, minute, second, millis)
  return utc.getTime() - offset * 60_000
}
