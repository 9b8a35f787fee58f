/** `20261202T064648Z`: a UTC moment as run directories, watch sessions and gate ids are named. */
export function utcStamp(d: Date = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** `06:46:48`: the UTC time of day that starts every progress and log line. */
export function clockTime(d: Date = new Date()): string {
  return d.toISOString().slice(11, 19);
}
