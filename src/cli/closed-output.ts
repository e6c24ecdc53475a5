// `create-secure-container audit . | head -1`: the reader closes the pipe, and the next write to
// stdout fails with EPIPE. Node reports that as an 'error' event, which without a listener is an
// uncaught exception: a stack trace and exit code 1, even after the run did all its work. A
// closed output is not a failure of the run, so it is ignored here: the run goes on (the
// generator finishes the write it started) and ends with its own exit code.

/** Errors that only mean "nobody is reading any more". */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

export function ignoreClosedOutput(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== undefined && READER_GONE.has(error.code)) return;
      // Anything else is as unexpected as it was without this listener.
      throw error;
    });
  }
}
