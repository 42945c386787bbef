/**
 * A logger that cannot print secrets by accident: callers pass a message and plain
 * fields, and any field whose name looks secret is replaced before it is written.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const secretName = /secret|token|password|passphrase|assertion|key|authorization|code_verifier/i;

export function redact(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, secretName.test(k) ? '[redacted]' : v]));
}

export function consoleLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    const safe = redact(fields);
    write(`[skyhook] ${level} ${message}${safe ? ' ' + JSON.stringify(safe) : ''}`);
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
