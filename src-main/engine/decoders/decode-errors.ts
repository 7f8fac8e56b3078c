import { badRequest, imageTooLarge, invalidImage } from '../../errors'
import type { DecodeFailureCode } from './decode-types'

/** The API error for a decoder's refusal: all are 400s with the decoder's message. */
export const decodeFailureError = (code: DecodeFailureCode, message: string): Error => {
  switch (code) {
    case 'invalid':
      return invalidImage(message)
    case 'too_large':
      return imageTooLarge(message)
    case 'bad_option':
      return badRequest(message)
  }
}
