import type { JoinTableResponse } from '@tableside/shared';

/** Joins a table through the real API (`POST /join`) as a new diner and returns the diner token. */
export async function joinTable(url: string, qrToken: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/tables/${qrToken}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`join answered ${response.status}: ${body.slice(0, 300)}`);
  return (JSON.parse(body) as JoinTableResponse).dinerToken;
}
