/** The marker `nginx -T` prints before each file it read (`ngx_conf_dump` in `src/core/nginx.c`). */
const MARKER = /^# configuration file (.+):$/;

/**
 * The files of an `nginx -T` dump, by the path Nginx read them from, in the order printed (the main file first);
 * undefined when `text` holds no marker, i.e. it is a configuration file itself. Nginx writes one line feed after
 * each file's content; lines before the first marker (`nginx: … syntax is ok`) are not configuration.
 */
export function splitDump(text: string): Map<string, string> | undefined {
  const lines = text.split('\n');
  const files = new Map<string, string>();
  let current: { name: string; lines: string[] } | undefined;
  const close = (): void => {
    if (current === undefined) return;
    if (current.lines.at(-1) === '') current.lines.pop();
    if (!files.has(current.name)) files.set(current.name, current.lines.join('\n'));
  };
  for (const line of lines) {
    const marker = MARKER.exec(line);
    if (marker !== null) {
      close();
      current = { name: marker[1] as string, lines: [] };
    } else {
      current?.lines.push(line);
    }
  }
  close();
  return files.size === 0 ? undefined : files;
}
