import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliUsageError } from './command.js';

type FlagOptions = NonNullable<ParseArgsConfig['options']>;

const NEGATIVE_NUMBER = /^-\.?\d/;

/**
 * The arguments with a negative number given as a flag's value (`--upstream-timeout -1`) written as
 * `--upstream-timeout=-1`. util.parseArgs refuses the first form as an "ambiguous" argument before the flag's
 * own check can say what is wrong with the value (that it must be ≥ 0). No flag is named like a number, so
 * nothing else is taken for a value.
 */
export function joinNegativeValues(args: readonly string[], options: FlagOptions): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    if (arg === '--') return [...joined, ...args.slice(index)];
    const next = args[index + 1];
    const option = arg.startsWith('--') && !arg.includes('=') ? options[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      index += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/** util.parseArgs over `joinNegativeValues(config.args)`: what every command parses its flags with. */
export function parseFlags<T extends ParseArgsConfig & { args: string[] }>(config: T): ReturnType<typeof parseArgs<T>> {
  return parseArgs({ ...config, args: joinNegativeValues(config.args, config.options ?? {}) });
}

export interface WholeNumberRule {
  /** What the number counts: "milliseconds", "seconds". */
  unit: string;
  /** @default 0 */
  min?: number;
  /** The fix's example: "60000 (0 = no limit)". */
  example: string;
}

/** A whole-number flag's value; undefined when the flag is absent. Errors name the flag, the problem and a fix. */
export function wholeNumberFlag(flag: string, value: string | undefined, rule: WholeNumberRule): number | undefined {
  if (value === undefined) return undefined;
  const min = rule.min ?? 0;
  const fix = `Give a whole number of ${rule.unit}, e.g. ${rule.example}`;
  const number = Number(value.trim());
  if (/^\s*-\.?\d/.test(value) || (Number.isFinite(number) && value.trim() !== '' && number < min)) throw new CliUsageError(`--${flag}: must be ≥ ${min}, got ${value}. ${fix}`);
  if (!/^\d+$/.test(value)) throw new CliUsageError(`--${flag}: ${JSON.stringify(value)} is not a whole number of ${rule.unit}. ${fix}`);
  return Number(value);
}
