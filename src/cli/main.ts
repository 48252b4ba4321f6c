import { watchParent } from '../process/parent-watch.js';
import { existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { runCleanups } from '../process/cleanup.js';
import { releaseOrphanGuard } from '../process/orphan-guard.js';
import type { GraphCommandOptions } from './commands/graph.js';
import type { InspectCommandOptions } from './commands/inspect.js';
import { runCommand, type RunCommandOptions } from './commands/run.js';
import type { ValidateCommandOptions } from './commands/validate.js';
import { registerWorkerCommand } from './commands/worker.js';
import { ExitCode, ExitRequest } from './exit-codes.js';
import { exitCodeForSignal, RunControl } from './run-control.js';
import { implementation, version } from './version.js';

const collect = (value: string, previous: string[]) => [...previous, value];

// Commands other than `run` load on use: a branch child runs `run` and should load nothing else.

/** The `tea` program: parses argv, runs one command, cleans up, exits with TEA's codes. */
export async function main(argv: string[]): Promise<void> {
  loadDotEnv();
  const control = new RunControl((signal) => {
    void runCleanups().finally(() => process.exit(exitCodeForSignal(signal)));
  }).install();
  let exitCode: number = ExitCode.ok;
  const program = makeProgram(control, (code) => {
    exitCode = code;
  });
  try {
    if (argv.length === 0) {
      process.stderr.write(program.helpInformation());
      exitCode = ExitCode.usage;
    } else {
      await program.parseAsync(argv, { from: 'user' });
    }
  } catch (error) {
    exitCode = exitCodeOf(error);
  } finally {
    control.dispose();
    await runCleanups();
    releaseOrphanGuard();
  }
  process.exit(exitCode);
}

function makeProgram(control: RunControl, setExit: (code: number) => void): Command {
  const program = new Command('tea')
    .description('Run YAML agent workflows in The Edge Agent (TEA) format')
    .version(`tea ${version}`, '--version', 'Show the version and exit')
    .option('--impl', 'Show the implementation (TEA: python or rust) and exit')
    .exitOverride()
    .showHelpAfterError(false);
  program.on('option:impl', () => {
    process.stdout.write(`${implementation}\n`);
    throw new ExitRequest(ExitCode.ok);
  });
  program
    .command('run')
    .description('Run a workflow')
    .argument('[file]', 'workflow YAML file')
    .option('-i, --input <json>', 'initial state: JSON object, @file (.json/.yaml), or - for standard input')
    .option('-o, --output <path>', 'write the final state as JSON to a file, or - for stdout (human output moves to stderr)')
    .option('-q, --quiet', 'no runner output; prints from the workflow still appear', false)
    .option('-v, --verbose', 'show stack traces and Python tracebacks', false)
    .option('-s, --stream', 'NDJSON events on stdout', false)
    .option('--entry-point <node>', 'start at this node (scoped run)')
    .option('--exit-point <node>', 'stop before this node (scoped run)')
    .option('--fail-on-state <key=value>', 'exit 1 when the final state has this value (repeatable)', collect, [])
    .option('--secrets <json>', 'secrets as JSON or @file')
    .option('--secrets-env <prefix>', 'secrets from environment variables with this prefix')
    .option('--interrupt-before <nodes>', 'comma-separated nodes to interrupt before')
    .option('--interrupt-after <nodes>', 'comma-separated nodes to interrupt after')
    .option('--auto-continue', 'continue at interrupts without asking', false)
    .option('-c, --checkpoint-dir <dir>', 'where interrupts save checkpoints')
    .option('--heartbeat', 'a stderr line per finished node', false)
    .addOption(new Option('--strategy <name>', 'run every fan-out with this strategy').choices(['process', 'inline', 'thread', 'pool', 'remote']))
    .option('--termseq <sequence>', 'how branches are stopped: signal,ms,... (default TERM,2000,KILL,5000)')
    .option('--journal <file>', 'where to write the run journal (default: .tea/runs/<run-id>/journal.jsonl)')
    .option('--no-journal', 'write no journal')
    .option('--resume <run>', 'rerun only the branches that did not succeed in run <run> (an id, a journal file, or last)')
    .option('--dry-run', 'print the plan (nodes, fan-outs, items, child commands) and run nothing', false)
    .addOption(new Option('--log-order <order>', 'branch output as it comes, or grouped per branch (default: grouped in CI)').choices(['stream', 'grouped']))
    .option('--results <dir>', 'write each branch\'s stdout, stderr and result.json under this folder')
    .option('--trace-file <file>', 'write every event as a JSON line to this file')
    .option('--debug-state <dir>', 'write the state after each node as NN-after-<node>.json into this folder (development only)')
    .addOption(new Option('--log-level <level>', 'tea\'s own logs on stderr (default: warn; env TEA_LOG_LEVEL)').choices(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'silent']))
    .option('--log-file <file>', 'logs as JSON lines to this file instead of stderr (env TEA_LOG_FILE)')
    .addOption(new Option('--branch <node>', 'run one item of a dynamic_parallel node (process strategy)').hideHelp())
    .addOption(new Option('--events-fd <fd>', 'report events to the parent on this fd').hideHelp())
    .addOption(new Option('--watch-fd <fd>', 'exit when this fd closes').hideHelp())
    .addOption(new Option('--return-delta', 'print only what changed against the input (branch children)').hideHelp())
    .addOption(new Option('--parsed-workflow <file>', "the parent's parsed workflow (branch children)").hideHelp())
    // TEA's deprecated spellings of --input, still accepted with its warning.
    .addOption(new Option('--state <json>').hideHelp())
    .addOption(new Option('--state-file <file>').hideHelp())
    .action(async (file: string | undefined, options: RunCommandOptions) => {
      setExit(await runCommand(file, options, control));
    });
  program
    .command('validate')
    .description('Check a workflow without running it')
    .argument('<file>', 'workflow YAML file')
    .option('--detailed', 'list nodes and edges', false)
    .option('--strict', 'warnings fail too', false)
    .action(async (file: string, options: ValidateCommandOptions) => setExit((await import('./commands/validate.js')).validateCommand(file, options)));
  program
    .command('graph')
    .description('Draw a workflow with its parallel branches and fan-ins')
    .argument('<file>', 'workflow YAML file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['mermaid', 'dot', 'ascii']).default('mermaid'))
    // Loaded on use, like inspect: a branch child never pays for them.
    .action(async (file: string, options: GraphCommandOptions) => setExit(await (await import('./commands/graph.js')).graphCommand(file, options)));
  program
    .command('inspect')
    .description('Show a workflow file\'s nodes and edges as written')
    .argument('<file>', 'workflow YAML file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'dot']).default('text'))
    .action(async (file: string, options: InspectCommandOptions) => setExit((await import('./commands/inspect.js')).inspectCommand(file, options)));
  program
    .command('resume')
    .description('Continue a run from a checkpoint')
    .argument('<checkpoint>', 'checkpoint file')
    .requiredOption('-w, --workflow <file>', 'the workflow the checkpoint belongs to')
    .option('-i, --input <json>', 'JSON deep-merged into the checkpoint state')
    .addOption(new Option('-s, --stream', 'NDJSON events on stdout').default(false))
    .option('--auto-continue', 'continue at interrupts without asking', false)
    .option('-q, --quiet', 'no runner output', false)
    .option('-v, --verbose', 'show stack traces', false)
    .action(async (checkpoint: string, options) => {
      const { resumeCommand } = await import('./commands/resume.js');
      setExit(await resumeCommand(checkpoint, options, control));
    });
  registerWorkerCommand(program, control, setExit);
  program
    .command('pool-worker', { hidden: true })
    .description('A warm branch runner of the pool strategy (started by tea itself)')
    .argument('<file>', 'workflow YAML file')
    .option('--watch-fd <fd>', 'exit when this fd closes')
    .option('--secrets <json>', 'secrets as JSON or @file')
    .option('--parsed-workflow <file>', "the parent's parsed workflow")
    .action(async (file: string, options: { watchFd?: string; secrets?: string; parsedWorkflow?: string }) => {
      const stopWatching = watchParent({ fd: options.watchFd === undefined ? undefined : Number(options.watchFd), pollPpid: false }, () =>
        control.kill.abort(new Error('parent gone')),
      );
      try {
        const { poolWorkerCommand } = await import('./commands/pool-worker.js');
        setExit(await poolWorkerCommand(file, control, options.secrets, options.parsedWorkflow));
      } finally {
        stopWatching();
      }
    });
  return program;
}

function exitCodeOf(error: unknown): number {
  if (error instanceof ExitRequest) return error.exitCode;
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
      ? ExitCode.ok
      : ExitCode.usage;
  }
  process.stderr.write(`Internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return ExitCode.failed;
}

/** TEA loads `.env` from the working folder at start; variables already set win. */
function loadDotEnv(): void {
  if (!existsSync('.env')) return;
  try {
    process.loadEnvFile('.env');
  } catch {
    // An unreadable .env is not worth failing a run over.
  }
}
