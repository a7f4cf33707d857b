/** Reads the server's own counters from `/metrics` (Prometheus text). */

/** The sum of every sample of `name`, whatever its labels (`chat_errors_total` over all codes). */
export async function metricTotal(serverUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${serverUrl}/metrics`)).text();
  const sample = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`);
  return text.split('\n').reduce((sum, line) => sum + Number(sample.exec(line)?.[2] ?? 0), 0);
}
