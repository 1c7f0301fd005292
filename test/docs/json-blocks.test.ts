import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { checkShapes, describeBlock, parseShapeClaim, quantityMismatches, type ShapeClaim } from './aws-shapes.js';
import { codeBlocks, docFiles, repoRoot, type CodeBlock } from './markdown-blocks.js';
import { schemaValidator } from './json-schemas.js';

const SCHEMAS: Record<string, string> = {
  'cdn-accel': path.join(repoRoot, 'packages/proxy/schema/cdn-accel.schema.json'),
  'iam-policy': path.join(repoRoot, 'test/docs/iam-policy.schema.json'),
};

const HOW = 'Mark each ```json block with what it is: ```json cdn-accel (a proxy config), ```json iam-policy (an IAM, bucket or key policy), or ```json aws:<service>:<Type>[Member,…] (an AWS input shape, e.g. aws:cloudfront:DistributionConfig); JSON that is output, not input, goes in a ```text block';

const jsonBlocks: CodeBlock[] = docFiles().flatMap(codeBlocks).filter((block) => block.lang === 'json' || block.lang === 'jsonc');

describe('JSON in the docs: every block matches the schema or AWS input shape it claims', () => {
  it('finds the JSON blocks of the README and the guides', () => {
    expect(jsonBlocks.length).to.be.greaterThan(5);
  });

  it('every block claims a schema or an AWS shape, and is plain JSON', () => {
    const wrong = jsonBlocks.flatMap((block) => {
      const problems: string[] = [];
      if (block.lang !== 'json') problems.push('JSON with comments cannot be pasted into a file the tools read');
      const claims = block.marks.filter((mark) => SCHEMAS[mark] !== undefined || parseShapeClaim(mark) !== undefined);
      if (claims.length !== 1 || block.marks.length !== 1) problems.push(`marks ${JSON.stringify(block.marks)}: ${HOW}`);
      try {
        JSON.parse(block.text);
      } catch (error) {
        problems.push(`not JSON: ${(error as Error).message}`);
      }
      return problems.map((problem) => `${describeBlock(block)}: ${problem}`);
    });
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
  });

  it('proxy configs and IAM policies validate against their JSON Schema', () => {
    const wrong = jsonBlocks.flatMap((block) => {
      const file = SCHEMAS[block.marks[0] ?? ''];
      if (file === undefined) return [];
      const validate = schemaValidator(JSON.parse(readFileSync(file, 'utf8')) as object);
      return validate(JSON.parse(block.text) as unknown).map((problem) => `${describeBlock(block)}: ${problem}`);
    });
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
  });

  it('AWS inputs type-check against the AWS SDK input types, with each Quantity the number of its Items', () => {
    const claimed = jsonBlocks.flatMap((block) => {
      const claim = parseShapeClaim(block.marks[0] ?? '');
      return claim === undefined ? [] : [{ block, claim }];
    });
    expect(claimed.length, 'AWS input blocks').to.be.greaterThan(3);
    const problems = checkShapes(claimed);
    const wrong = claimed.flatMap(({ block }: { block: CodeBlock; claim: ShapeClaim }, index) => [
      ...(problems.has(index) ? [problems.get(index) as string] : []),
      ...quantityMismatches(JSON.parse(block.text) as unknown),
    ].map((problem) => `${describeBlock(block)}: ${problem}`));
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
  });
});
