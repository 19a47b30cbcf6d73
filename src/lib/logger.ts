import { type Logger, pino } from 'pino';

export type { Logger };

/** Paths pino blanks out wherever they appear: tokens never reach a log line. */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'headers["x-api-token"]',
  '*.headers["x-api-token"]',
  'api_token',
  '*.api_token',
];

/** Logs go to stderr (fd 2) so stdout stays for tables and `--json`; tests pass a stream. */
export function createLogger(
  level = process.env.PULSE_LOG_LEVEL ?? 'warn',
  destination: number | NodeJS.WritableStream = 2,
): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    typeof destination === 'number' ? pino.destination(destination) : destination,
  );
}

/** A logger that drops everything: tests and library callers that pass none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
