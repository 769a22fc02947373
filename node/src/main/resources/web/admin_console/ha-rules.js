/**
 * Mattermost's rules for the High Availability table (cluster_table.tsx), plus one of ours:
 * - the status is green per row, yellow when only one node is listed;
 * - the Version column is yellow on every row when any node's version differs from the first
 *   node's, with the "multiple versions" banner; the Config File MD5 column likewise;
 * - an empty hostname, version or hash shows "unknown";
 * - (ours) cluster status lists only live nodes, so a node seen earlier in this page session
 *   that is no longer listed is shown red, "not answering", since the last time it was seen.
 * Pure functions of the listing, so the rules can be read (and tested) apart from the page.
 */
export const UNKNOWN = 'unknown';

/**
 * Remembers every node listed; answers the rows to show. {@code seen} maps id → {info, lastSeen}
 * and is updated in place.
 */
export function haView(live, seen, now) {
  for (const info of live) seen.set(info.id, {info, lastSeen: now});
  const first = live[0];
  const versionMismatch = live.some(n => n.version !== first.version);
  const configMismatch = live.some(n => n.config_hash !== first.config_hash);
  const alone = live.length === 1;
  const liveIds = new Set(live.map(n => n.id));
  const rows = live.map(n => ({
    id: n.id,
    status: alone ? 'warn' : 'ok',
    statusText: alone ? 'Up (the only node listed)' : 'Up',
    hostname: n.hostname || UNKNOWN,
    version: n.version || UNKNOWN,
    configHash: n.config_hash || UNKNOWN,
    address: n.ipaddress || UNKNOWN,
    versionWarn: versionMismatch,
    configWarn: configMismatch,
  }));
  for (const [id, {info, lastSeen}] of seen) {
    if (liveIds.has(id)) continue;
    rows.push({
      id,
      status: 'down',
      statusText: 'Not answering',
      since: lastSeen,
      hostname: info.hostname || UNKNOWN,
      version: info.version || UNKNOWN,
      configHash: info.config_hash || UNKNOWN,
      address: info.ipaddress || UNKNOWN,
      versionWarn: false,
      configWarn: false,
    });
  }
  return {rows, versionMismatch, configMismatch, down: rows.filter(r => r.status === 'down').length};
}
