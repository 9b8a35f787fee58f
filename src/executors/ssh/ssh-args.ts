/**
 * Reads the OpenSSH options an inventory passes in `ansible_ssh_common_args` and
 * `ansible_ssh_extra_args` (the way Ansible splits them: shell words), so the ssh executor
 * honours the ones that decide where and how it connects.
 */

/** Splits a string into words like a POSIX shell (quotes and backslashes; no expansions). */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** `-o Key=Value`, `-oKey=Value`, `-o 'Key Value'`, and the short flags -p -l -i -J, as lower-cased option names. */
export function sshOptions(words: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (key: string, value: string) => {
    const k = key.toLowerCase();
    out.set(k, [...(out.get(k) ?? []), value]);
  };
  const short: Record<string, string> = { p: 'port', l: 'user', i: 'identityfile', J: 'proxyjump' };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const m = /^-([oplJi])(.*)$/s.exec(w);
    if (!m) continue;
    const value = m[2] !== '' ? m[2] : words[++i];
    if (value === undefined) break;
    if (m[1] === 'o') {
      const kv = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*)$/s.exec(value);
      if (kv) add(kv[1], kv[2].trim());
    } else {
      add(short[m[1]], value);
    }
  }
  return out;
}
