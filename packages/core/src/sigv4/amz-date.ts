/** `20150830T123600Z`: the ISO 8601 basic format SigV4 signs. */
export function toAmzDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Parses `X-Amz-Date`; `undefined` when it is not the exact basic format or not a real instant. */
export function parseAmzDate(value: string): number | undefined {
  const match = AMZ_DATE.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  // Date.UTC rolls 20150230 over into March; the round trip refuses such dates.
  return toAmzDate(ms) === value ? ms : undefined;
}

/**
 * Formats the signing time at whole-second resolution, remembering the last second so a hot loop
 * of presigns formats each second once.
 */
export function createAmzDateFormatter(): (epochMs: number) => string {
  let lastSecond = Number.NaN;
  let lastText = '';
  return (epochMs) => {
    const second = Math.floor(epochMs / 1000);
    if (second !== lastSecond) {
      lastText = toAmzDate(second * 1000);
      lastSecond = second;
    }
    return lastText;
  };
}
