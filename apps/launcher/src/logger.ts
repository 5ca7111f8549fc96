import { type Level, type Logger, pino } from 'pino'
import { build as prettyStream } from 'pino-pretty'
import { z } from 'zod'

/** LOG_FORMAT: `auto` (default) is readable lines on a terminal and JSON anywhere else (a pipe, a file, a collector). */
export const LogFormatSetting = z.enum(['auto', 'json', 'pretty'], {
  message: "LOG_FORMAT must be 'auto', 'json' or 'pretty'",
})
export type LogFormatSetting = z.infer<typeof LogFormatSetting>

/** Pretty only for a person watching: a log shipper reading a pipe or a file needs one JSON object a line. */
export function chooseLogFormat(setting: LogFormatSetting, stdoutIsTTY: boolean | undefined): 'json' | 'pretty' {
  if (setting !== 'auto') return setting
  return stdoutIsTTY ? 'pretty' : 'json'
}

/**
 * The launcher's logger. Pretty printing runs in this thread (a stream, not a pino transport): the launcher
 * runs from source under tsx, and a terminal's reader is a person, so its speed does not matter.
 */
export function createLogger(
  level: Level | 'silent',
  format: 'json' | 'pretty',
  destination: NodeJS.WritableStream = process.stdout,
): Logger {
  if (format === 'json') return pino({ level }, destination)
  return pino(
    { level },
    prettyStream({
      destination,
      colorize: destination === process.stdout && process.stdout.isTTY,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      sync: true,
    }),
  )
}
