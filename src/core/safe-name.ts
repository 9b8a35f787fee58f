import { createHash } from 'node:crypto';

/**
 * A host name as a single safe path segment: it can never climb out of the run directory
 * (`..`, `/`, absolute paths, NUL) and two different names never collide.
 */
export function safePathSegment(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 80);
  if (cleaned === name && cleaned !== '' ) return cleaned;
  const tag = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${cleaned || 'host'}-${tag}`;
}
