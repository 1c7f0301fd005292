// The public API of each published package, as API Extractor reports it from the built declarations
// (packages/<folder>/etc/<name>.api.md, committed). `pnpm api:report` rewrites the reports after a deliberate change;
// the packaging tests fail while a report is out of date. Run after `pnpm build`.
import { Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
export const reportedPackages = ['core', 'koa-adapter', 'express-adapter', 'dev-cdn', 'files', 'proxy'] as const;

export interface ApiReportResult {
  folder: string;
  /** The committed report differs from the declarations (in check mode), or was rewritten (in update mode). */
  changed: boolean;
  /** Warnings and errors, one line each. */
  problems: string[];
}

export function apiReport(folder: string, update: boolean): ApiReportResult {
  const config = ExtractorConfig.loadFileAndPrepare(join(root, 'packages', folder, 'api-extractor.json'));
  const problems: string[] = [];
  // API Extractor writes a new package's first report only into a folder that exists.
  if (update) mkdirSync(config.reportFolder, { recursive: true });
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback: (message) => {
      // The console-api-report-* messages say that the report file was written or differs: that is `changed`.
      const aboutReportFile = message.messageId.startsWith('console-api-report');
      if (!aboutReportFile && (message.logLevel === ExtractorLogLevel.Warning || message.logLevel === ExtractorLogLevel.Error)) {
        problems.push(`${message.logLevel}: ${message.formatMessageWithLocation(root)}`);
      }
      message.handled = true;
    },
  });
  return { folder, changed: result.apiReportChanged, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = false;
  for (const folder of reportedPackages) {
    const { changed, problems } = apiReport(folder, true);
    console.log(`${folder}: ${changed ? 'report updated' : 'report unchanged'}`);
    for (const problem of problems) console.error(`  ${problem}`);
    failed ||= problems.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}
