/**
 * An error whose message is meant for the person using Aiva. Anything else that reaches
 * an action or route boundary is logged and replaced by a generic message.
 */
export class SafeError extends Error {
  constructor(
    message: string,
    readonly code: string = "error",
  ) {
    super(message);
    this.name = "SafeError";
  }
}

export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";
