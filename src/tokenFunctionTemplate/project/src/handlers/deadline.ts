// Every call the function makes has a deadline, shorter than its callers' (the extension waits
// 30 s): a caller gets an answer that says what timed out instead of a dropped connection.

/** How long one token request (the identity's token, then Entra's exchange) may take. */
export const REQUEST_DEADLINE_MS = 25_000;

export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} did not answer within ${Math.round(ms / 1000)} s`);
  }
}

/**
 * Resolves as `work` does, or rejects with DeadlineError after `ms`. The signal given to `work`
 * is aborted then, so SDK calls that take one (@azure/identity's getToken) stop as well.
 */
export async function withDeadline<T>(what: string, ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DeadlineError(what, ms));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
