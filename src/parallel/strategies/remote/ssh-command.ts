import type { SshConfig } from './config.js';

/** A word for a POSIX shell, single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The ssh command GNU parallel runs (`PARALLEL_SSH`): the user's, with our config file. */
export function sshCommand(config: SshConfig, sendEnv: string[]): string {
  const parts = [config.ssh];
  if (config.sshConfig) parts.push('-F', shellQuote(config.sshConfig));
  for (const name of sendEnv) parts.push('-o', `SendEnv=${name}`);
  return parts.join(' ');
}

/**
 * GNU parallel's arguments for one branch on `login`: the job folder (state, environment
 * file, workflow files) goes over in one rsync, the job runs there in its own process group
 * under parallel's remote wrapper (which HUPs the group if the connection dies), and the
 * joblog gives the remote exit code.
 */
export function parallelArguments(options: { login: string; workdir: string; jobDir: string; joblog: string; remoteCommand: string }): string[] {
  return [
    '--will-cite',
    '-j1',
    '-S',
    `1/${options.login}`,
    '--workdir',
    options.workdir,
    '--transferfile',
    '{}',
    '--joblog',
    options.joblog,
    options.remoteCommand,
    ':::',
    options.jobDir,
  ];
}

/**
 * What runs on the host, in `<workdir>`: enter the job folder, load the exported variables
 * (then delete them), run tea with the branch protocol (events on stderr: no fd 3 over SSH),
 * and remove the folder. `{}` is the job folder, quoted by GNU parallel.
 */
export function remoteCommand(options: { teaCommand: string; teaArgs: string[]; cleanup: boolean; envFile: boolean }): string {
  const env = options.envFile ? '. ./env.sh; rm -f ./env.sh; ' : '';
  // A branch's own fan-outs run on the host as local processes.
  const tea = `TEA_PARALLEL_STRATEGY=process ${options.teaCommand} ${options.teaArgs.map(shellQuote).join(' ')} 3>&2 < in.json`;
  const cleanup = options.cleanup ? '; cd .. && rm -rf {}' : '';
  return `cd {} && ${env}${tea}; rc=$?${cleanup}; exit $rc`;
}

/**
 * After a cancel: wait (bounded) until no process on the host works in the job folder, then
 * remove it. Processes are found by their working folder, so a branch's own children count;
 * those still there after 3 s (the HUP from GNU parallel's wrapper did not end them) get SIGKILL.
 */
export function remoteReapCommand(jobPath: string): string {
  const dir = shellQuote(jobPath);
  return `d=${dir}; for i in $(seq 1 100); do busy=; for p in /proc/[0-9]*; do case "$(readlink $p/cwd 2>/dev/null)" in "$d"|"$d"/*) busy=1; [ "$i" -gt 30 ] && kill -9 "\${p#/proc/}" 2>/dev/null;; esac; done; [ -z "$busy" ] && break; sleep 0.1; done; rm -rf "$d"`;
}

/** `export NAME='value'` lines for the environment file (mode 0600, deleted on the host at start). */
export function exportLines(names: string[], env: NodeJS.ProcessEnv): string {
  return names
    .filter((name) => env[name] !== undefined)
    .map((name) => `export ${name}=${shellQuote(env[name]!)}\n`)
    .join('');
}
