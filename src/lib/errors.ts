/**
 * The small closed set of errors that cross layers. Jobs translate them into queue behaviour in one place:
 * `CrmAuthError` and `ConfigError` never retry, `CrmRateLimitError` waits `retryAfterMs` without burning an
 * attempt, `CrmResponseError` retries when `retryable`.
 */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** One line per bad key: `connections[0].tokenEnv: required (name the env var that holds the token)`. */
  readonly issues: string[];
  constructor(message: string, issues: string[] = [], options?: ErrorOptions) {
    super(issues.length > 0 ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message, options);
    this.issues = issues;
  }
}

/** The CRM refused the credentials (401/403): stop at once, never retry. */
export class CrmAuthError extends Error {
  override readonly name = 'CrmAuthError';
  constructor(
    message: string,
    readonly status: number,
    readonly endpoint: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The CRM asked us to slow down; come back after `retryAfterMs`. `daily` means the day's budget is spent. */
export class CrmRateLimitError extends Error {
  override readonly name = 'CrmRateLimitError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
    readonly endpoint: string,
    readonly daily = false,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Any other HTTP failure, trimmed to method, path, status and the provider's message. */
export class CrmResponseError extends Error {
  override readonly name = 'CrmResponseError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly endpoint: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A scenario file that does not follow the format; `issues` name the path of each problem. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly issues: string[];
  constructor(message: string, issues: string[] = [], options?: ErrorOptions) {
    super(issues.length > 0 ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message, options);
    this.issues = issues;
  }
}

/** Formats `hubspot GET /crm/v3/objects/deals -> 429 "secondly limit"`: never a token, never a whole body. */
export function describeHttpFailure(
  provider: string,
  method: string,
  path: string,
  status: number | null,
  message: string,
): string {
  const trimmed = message.length > 300 ? `${message.slice(0, 297)}...` : message;
  return `${provider} ${method.toUpperCase()} ${path} -> ${status ?? 'no response'} ${JSON.stringify(trimmed)}`;
}
