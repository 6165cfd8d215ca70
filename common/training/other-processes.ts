/**
 * Words for runs that other MNIST Lab processes train on the same machine: the app, the browser
 * pages of `mnist-lab serve` and the command line say the same thing.
 */

/** Two or more processes training at once share the CPU cores (and a GPU): none runs at full speed. */
export function trainingAtOnceNotice(runs: number, processes: number): string {
  return `${runs} runs are training at once in ${processes} different MNIST Lab processes on this machine: they share its cores, so each one runs slower than it would alone.`;
}

/** The process another MNIST Lab process's run is in, as a short label. */
export function otherProcessLabel(pid: number): string {
  return `in another process (pid ${pid})`;
}
