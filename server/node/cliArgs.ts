import { commandUsage } from './cliFiles';

/** What one command line holds: flags in the order given, the last value of each value option, and positionals. */
export interface Options {
  flags: string[];
  values: Record<string, string>;
  positional: string[];
}

/**
 * Reads `--flag`, `--option value`, `--option=value`, `-` (standard input) and `--` (only
 * positionals after it), the same way for every `dateline` command. A name that is neither a
 * flag nor a value option, or a value option with no value, is the error message returned.
 */
export function readOptions(argv: readonly string[], spec: { flags: readonly string[]; values: readonly string[] }): Options | { error: string } {
  const options: Options = { flags: [], values: {}, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      for (const rest of argv.slice(i + 1)) options.positional.push(rest);
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      options.positional.push(arg);
      continue;
    }
    if (spec.flags.includes(arg)) {
      options.flags.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!spec.values.includes(name)) return { error: `unknown option '${name}'` };
    const value = eq > 0 ? arg.slice(eq + 1) : i + 1 < argv.length ? argv[++i] : undefined;
    if (value === undefined || value === '') return { error: `option '${name}' needs a value` };
    options.values[name] = value;
  }
  return options;
}

/**
 * The options of `dateline <command>` (words, report): `-h`/`--help` prints `usageText`, a
 * misspelt option or a `--format` outside `formats` is a usage error. Returns the exit code when
 * the command is done, or its options with the format it asks for.
 */
export function readCommand(
  argv: readonly string[],
  io: { stdout: { write(text: string): unknown }; stderr: { write(text: string): unknown } },
  command: { name: string; usage: string; values: readonly string[]; formats: readonly string[] },
): { options: Options; format: string } | number {
  const read = readOptions(argv, { flags: ['-h', '--help'], values: command.values });
  if ('error' in read) return commandUsage(io, command.name, read.error);
  if (read.flags.length) {
    io.stdout.write(command.usage);
    return 0;
  }
  const format = read.values['--format'] ?? command.formats[0];
  if (!command.formats.includes(format)) return commandUsage(io, command.name, `--format must be one of ${command.formats.join(', ')}, not '${format}'`);
  return { options: read, format };
}
