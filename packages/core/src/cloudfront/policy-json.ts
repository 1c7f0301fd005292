/**
 * The policy statement CloudFront signs, as compact JSON with keys in the AWS order (`Resource`, then
 * `Condition` with `DateLessThan`, `DateGreaterThan`, `IpAddress`). Built by concatenation: every input has
 * been validated (no `"`, `\`, control characters; integer dates; dotted-quad CIDR), so no escaping is needed.
 */
export function cannedPolicyJson(resource: string, dateLessThan: number): string {
  return `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${dateLessThan}}}}]}`;
}

export function customPolicyJson(resource: string, dateLessThan: number, dateGreaterThan: number | undefined, cidr: string | undefined): string {
  const start = dateGreaterThan === undefined ? '' : `,"DateGreaterThan":{"AWS:EpochTime":${dateGreaterThan}}`;
  const ip = cidr === undefined ? '' : `,"IpAddress":{"AWS:SourceIp":"${cidr}"}`;
  return `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${dateLessThan}}${start}${ip}}}]}`;
}
