/**
 * A deadline for a wait that has none of its own (a bridge call, a sign-in), below the test's
 * timeout, so a wait that never ends fails naming what it waited for rather than as the
 * test's timeout. Not a speed check: generous on a busy 2-core machine.
 */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
