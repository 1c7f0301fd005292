import * as path from 'node:path';
import ts from 'typescript';
import { repoRoot, where, type CodeBlock } from './markdown-blocks.js';

/** The services whose input shapes a doc may claim, and the SDK package that types them. */
const SERVICES: Record<string, string> = {
  cloudfront: '@aws-sdk/client-cloudfront',
  s3: '@aws-sdk/client-s3',
  kms: '@aws-sdk/client-kms',
};

/** `aws:cloudfront:DistributionConfig` or, for a part of one, `aws:cloudfront:DistributionConfig[Aliases,ViewerCertificate]`. */
const CLAIM = /^aws:([a-z0-9]+):([A-Za-z0-9]+)(?:\[([A-Za-z0-9,]+)\])?$/;

export interface ShapeClaim {
  service: string;
  type: string;
  /** Only these members (each required), for a block that shows part of a larger input. */
  pick: string[] | undefined;
}

export function parseShapeClaim(mark: string): ShapeClaim | undefined {
  const match = CLAIM.exec(mark);
  if (match === null) return undefined;
  return { service: match[1] ?? '', type: match[2] ?? '', pick: match[3]?.split(',') };
}

/**
 * Type-checks each block's JSON against the SDK's TypeScript type for the shape it claims, in one program: missing
 * required members, unknown members (at any depth) and enum values outside the API's list are errors. The AWS CLI
 * takes the same member names as the SDK (both come from the API model), so this is the CLI's input shape too.
 * Returns one message per block that fails, keyed by the block's index in `blocks`.
 */
export function checkShapes(blocks: { block: CodeBlock; claim: ShapeClaim }[]): Map<number, string> {
  const problems = new Map<number, string>();
  const fileName = path.join(repoRoot, 'test', 'docs', '__doc-json-shapes__.ts');
  let source = '';
  const ranges: { start: number; end: number; index: number }[] = [];
  const imported = new Set<string>();
  blocks.forEach(({ claim }, index) => {
    if (SERVICES[claim.service] === undefined) problems.set(index, `unknown service "${claim.service}" (known: ${Object.keys(SERVICES).join(', ')})`);
    else imported.add(claim.service);
  });
  for (const service of imported) source += `import type * as ${service} from '${SERVICES[service]}';\n`;
  blocks.forEach(({ block, claim }, index) => {
    if (problems.has(index)) return;
    const base = `${claim.service}.${claim.type}`;
    const type = claim.pick === undefined ? base : `Required<Pick<${base}, ${claim.pick.map((name) => JSON.stringify(name)).join(' | ')}>>`;
    const start = source.length;
    source += `export const block${index}: ${type} = ${block.text.trim()};\n`;
    ranges.push({ start, end: source.length, index });
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === fileName ? ts.createSourceFile(name, source, language) : readSource(name, language, ...rest));
  host.fileExists = (name) => name === fileName || exists(name);
  const program = ts.createProgram([fileName], options, host);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const at = diagnostic.file?.fileName === fileName ? diagnostic.start ?? -1 : -1;
    const range = ranges.find((candidate) => at >= candidate.start && at < candidate.end);
    if (range === undefined) throw new Error(`type-checking the doc JSON failed outside any block: ${message}`);
    problems.set(range.index, [problems.get(range.index), message].filter(Boolean).join('\n'));
  }
  return problems;
}

/** CloudFront lists carry their own length; the API refuses a Quantity that is not the number of Items. */
export function quantityMismatches(value: unknown, at = '$'): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  const record = value as Record<string, unknown>;
  if (typeof record.Quantity === 'number') {
    const count = Array.isArray(record.Items) ? record.Items.length : 0;
    if (count !== record.Quantity) found.push(`${at}: Quantity ${record.Quantity} but ${count} Items`);
  }
  for (const [key, item] of Object.entries(record)) found.push(...quantityMismatches(item, Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`));
  return found;
}

export function describeBlock(block: CodeBlock): string {
  return `${where(block)} (\`\`\`${block.lang} ${block.marks.join(' ')})`;
}
