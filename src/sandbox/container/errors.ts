// How a simulated process or shell command ends other than by returning a status: `exit`, an error a command
// reports on stderr, something the sandbox does not simulate, and the `break`/`continue` of a loop.

/** A process ended by the simulator because it uses something the sandbox does not simulate. */
export class Unsupported extends Error {}

/** `exit N` (or a signal): unwinds the shell to its process boundary. */
export class ExitError extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** A command failed with a message for stderr (busybox wording) and a status. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** `break N` / `continue N` on their way to the loop they end. */
export class LoopControl extends Error {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {
    super(kind);
  }
}

export class ShellSyntaxError extends Error {}

/** `return N` on its way out of the function it ends. */
export class ReturnSignal extends Error {
  constructor(readonly code: number) {
    super(`return ${code}`);
  }
}
