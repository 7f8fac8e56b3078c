import { forkDecoderProcess } from './fork-decoder-process'
import { describeLauncherContract } from './testing/launcher-contract'

describeLauncherContract('fork', forkDecoderProcess)
