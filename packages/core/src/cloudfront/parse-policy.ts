import { parseIpv4Range, type Ipv4Range } from './ip-range.js';

/** A policy statement as CloudFront reads it. */
export interface ParsedPolicy {
  /** The `Resource` pattern; `undefined` when the policy omits it (then it applies to every URL). */
  resource: string | undefined;
  dateLessThan: number;
  dateGreaterThan: number | undefined;
  ipAddress: string | undefined;
}

type Parsed = { ok: true; policy: ParsedPolicy; range: Ipv4Range | undefined } | { ok: false; message: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function epoch(condition: unknown, name: string): number | string | undefined {
  if (condition === undefined) return undefined;
  if (!isObject(condition) || Object.keys(condition).length !== 1) return `${name} must be {"AWS:EpochTime": seconds}`;
  const value = condition['AWS:EpochTime'];
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : `${name} AWS:EpochTime must be whole epoch seconds`;
}

function onlyKeys(object: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  return Object.keys(object).find((key) => !allowed.includes(key));
}

/**
 * Parses a custom policy strictly: one statement, only the keys CloudFront knows, an integer `DateLessThan`.
 * Anything else is malformed: a verifier that ignored unknown conditions would grant more than was signed.
 */
export function parsePolicy(json: string): Parsed {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch {
    return { ok: false, message: 'the policy is not JSON' };
  }
  if (!isObject(document) || !Array.isArray(document.Statement) || onlyKeys(document, ['Statement']) !== undefined) return { ok: false, message: 'the policy must be {"Statement":[…]}' };
  // SECURITY: CloudFront accepts exactly one statement; a second one could widen the grant.
  if (document.Statement.length !== 1) return { ok: false, message: `the policy has ${document.Statement.length} statements; CloudFront accepts exactly one` };
  const statement: unknown = document.Statement[0];
  if (!isObject(statement) || !isObject(statement.Condition) || onlyKeys(statement, ['Resource', 'Condition']) !== undefined) return { ok: false, message: 'the statement must hold Resource and Condition only' };
  if (statement.Resource !== undefined && typeof statement.Resource !== 'string') return { ok: false, message: 'Resource must be a string' };
  const condition = statement.Condition;
  const unknownCondition = onlyKeys(condition, ['DateLessThan', 'DateGreaterThan', 'IpAddress']);
  if (unknownCondition !== undefined) return { ok: false, message: `unknown condition "${unknownCondition}"` };
  const dateLessThan = epoch(condition.DateLessThan, 'DateLessThan');
  const dateGreaterThan = epoch(condition.DateGreaterThan, 'DateGreaterThan');
  if (dateLessThan === undefined) return { ok: false, message: 'DateLessThan is required' };
  if (typeof dateLessThan === 'string') return { ok: false, message: dateLessThan };
  if (typeof dateGreaterThan === 'string') return { ok: false, message: dateGreaterThan };
  let range: Ipv4Range | undefined;
  if (condition.IpAddress !== undefined) {
    const ip = condition.IpAddress;
    if (!isObject(ip) || typeof ip['AWS:SourceIp'] !== 'string' || Object.keys(ip).length !== 1) return { ok: false, message: 'IpAddress must be {"AWS:SourceIp": "a.b.c.d/n"}' };
    try {
      range = parseIpv4Range(ip['AWS:SourceIp'], 'AWS:SourceIp');
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }
  return { ok: true, range, policy: { resource: statement.Resource, dateLessThan, dateGreaterThan, ipAddress: range?.cidr } };
}
