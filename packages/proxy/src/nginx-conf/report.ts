import type { SourcePosition } from './conf-error.js';
import type { Directive } from './parse.js';
import { shownArgs } from './shown-text.js';

/** What became of one directive. */
export type Outcome = 'translated' | 'approximated' | 'not translatable';

/** One line of the report: where, which directive, what became of it, and what differs or what to do instead. */
export interface ReportLine {
  at: SourcePosition;
  directive: string;
  outcome: Outcome;
  note: string;
}

const MAX_DIRECTIVE = 72;

/** `name arg…` as written, with what may be a secret left out (shown-text.ts), shortened to one readable line. */
export function directiveText(directive: Directive): string {
  // SECURITY: a file that is no configuration can still parse (`KEY=value;`): its "name" is then not printed.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(directive.name)) return `(a word that is no directive name, with ${directive.args.length} argument${directive.args.length === 1 ? '' : 's'}; not shown)`;
  const text = [directive.name, ...shownArgs(directive)].join(' ').replace(/\s+/g, ' ');
  return text.length > MAX_DIRECTIVE ? `${text.slice(0, MAX_DIRECTIVE - 1)}…` : text;
}

export function line(directive: Directive, outcome: Outcome, note: string): ReportLine {
  return { at: { file: directive.file, line: directive.line }, directive: directiveText(directive), outcome, note };
}

/** The report as stderr shows it: `file:line: outcome: directive: note`, in file order. */
export function formatReport(lines: readonly ReportLine[]): string {
  return lines.map((entry) => `${entry.at.file}:${entry.at.line}: ${entry.outcome}: ${entry.directive}: ${entry.note}\n`).join('');
}
