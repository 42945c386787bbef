/**
 * A logger that cannot print secrets by accident: callers pass a message and plain
 * fields; any field whose name looks secret is replaced at every depth, and anything that
 * looks like a credential inside a string (a Bearer header, `access_token=…` in a URL or a
 * form, a JWT, a PEM private key) is cut out before the line is written.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const secretName = /secret|token|password|passphrase|assertion|key|authorization|code_verifier|cookie|credential/i;
const hidden = '[redacted]';
/** Deeper than any field a caller means to log; stops cycles and hostile nesting. */
const maxDepth = 6;

const valuePatterns: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, hidden],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${hidden}`],
  // Query strings, form bodies and JSON: `name=value`, `"name":"value"`.
  [
    /\b(access_token|refresh_token|id_token|client_secret|client_assertion|assertion|code_verifier|code|password|passphrase|token|state)=[^&\s"'#]*/gi,
    `$1=${hidden}`,
  ],
  [
    /"(access_token|refresh_token|id_token|client_secret|client_assertion|assertion|code_verifier|password|passphrase|token)"\s*:\s*"[^"]*"/gi,
    `"$1":"${hidden}"`,
  ],
  // JWTs (assertions, ID tokens, Graph access tokens) wherever they appear.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, hidden],
];

/** A string with every credential-looking part cut out. */
export function redactText(text: string): string {
  return valuePatterns.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxDepth || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretName.test(k) ? hidden : redactValue(v, depth + 1, seen)]));
}

export function redact(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return undefined;
  return redactValue(fields, 0, new WeakSet()) as Record<string, unknown>;
}

export function consoleLogger(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    const safe = redact(fields);
    write(`[skyhook] ${level} ${redactText(message)}${safe ? ' ' + JSON.stringify(safe) : ''}`);
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
