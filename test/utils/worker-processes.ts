import { ChildProcess, fork } from 'child_process';
import * as path from 'path';

/** A worker running as its own OS process (see worker-process.js). */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Forks the worker entry with `env` and resolves once it reports ready. */
export async function startWorkerProcess(
  env: Record<string, string>,
  timeoutMs = 60000,
): Promise<WorkerProcess> {
  const child = fork(path.join(__dirname, 'worker-process.js'), [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker did not start in ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready: ${stderr}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
