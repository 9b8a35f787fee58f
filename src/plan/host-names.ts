// Host names are data a tenant may control (a dynamic inventory reads instance names and tags
// from a cloud API). Ansible templates `inventory_hostname` wherever a task refers to it, so a
// host named `web-1{{ lookup('pipe', 'id') }}` would run a command on the controller; a newline
// splits it in two in a limit file, and Ansible strips the whitespace around each line there.
// Such a host is never handed to Ansible: it is a failed host with this reason (the others are
// collected and the report is written), whichever executor runs.

/** Jinja's three openers, as Ansible's templar looks for them. */
const TEMPLATE = /\{\{|\{%|\{#/;
/** C0 controls, DEL, C1 controls and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why a host name cannot go to Ansible, or null when it can. */
export function hostNameProblem(name: string): string | null {
  if (name === '') return 'empty host name';
  if (TEMPLATE.test(name)) {
    return 'host name holds template syntax ({{, {% or {#), which Ansible would evaluate on the controller: refused, not collected';
  }
  if (CONTROL.test(name)) return 'host name holds control characters (a newline, tab or escape): refused, not collected';
  if (name.trim() !== name) return "host name starts or ends with whitespace, which Ansible's limit file strips (it would name another host): refused, not collected";
  return null;
}
