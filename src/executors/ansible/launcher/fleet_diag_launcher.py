# fleet-diag's launcher: ansible-playbook started ahead of need, for a watch or a gate.
#
# Between two runs of a watch, fleet-diag starts this with the environment and the ansible.cfg
# the next run will use. It imports ansible-playbook's CLI (Ansible reads its config at import),
# the modules a run loads later and the filter and test plugins, then blocks on stdin. When the
# run starts, fleet-diag writes one JSON line: {"args": [...], "cwd": ..., "env": {...},
# "perRun": [...]}. If the config file's bytes or the environment (apart from the per-run
# variables, read only when the run loads our callback) differ from what this process started
# with, it exits with MISMATCH and fleet-diag starts ansible-playbook cold. Otherwise it becomes
# ansible-playbook with those arguments: same code, same exit codes, same output.
# End of stdin (fleet-diag closed it, or died) before a run: exit at once, so it never outlives
# the watch.
import json
import os
import sys

MISMATCH = 86


def _load_ahead():
    """Modules and plugins every run loads: imported now, while nothing waits for them."""
    import importlib
    for name in ('ansible.executor.playbook_executor', 'ansible.executor.task_queue_manager',
                 'ansible.executor.task_executor', 'ansible.executor.process.worker',
                 'ansible.vars.manager', 'ansible.inventory.manager', 'ansible.playbook.play',
                 'ansible.playbook.role_include', 'ansible.plugins.strategy.linear',
                 'ansible.plugins.connection.ssh', 'ansible.plugins.action.raw',
                 'ansible.plugins.action.normal', 'ansible.plugins.shell.sh',
                 'ansible.plugins.callback.default', 'ansible.plugins.inventory.ini',
                 'ansible.plugins.inventory.yaml', 'ansible.plugins.inventory.host_list',
                 'ansible.plugins.inventory.auto', 'ansible.plugins.inventory.script',
                 'ansible.plugins.inventory.toml', 'ansible.plugins.vars.host_group_vars',
                 'ansible.template', 'yaml', 'jinja2'):
        try:
            importlib.import_module(name)
        except Exception:
            pass
    try:
        from ansible.plugins.loader import filter_loader, test_loader
        for loader in (filter_loader, test_loader):
            list(loader.all())
    except Exception:
        pass


def main():
    cfg_path = os.environ.get('ANSIBLE_CONFIG') or ''
    try:
        with open(cfg_path, 'rb') as f:
            cfg = f.read()
    except OSError:
        cfg = None
    env_at_start = dict(os.environ)
    # Imported here, so the config (and the environment) above is what Ansible holds from now on.
    from ansible.cli.playbook import main as playbook_main
    _load_ahead()

    line = sys.stdin.buffer.readline()
    if not line.strip():
        sys.exit(0)
    go = json.loads(line)
    per_run = set(go.get('perRun') or ())
    env = go.get('env') or {}
    same_env = ({k: v for k, v in env_at_start.items() if k not in per_run}
                == {k: v for k, v in env.items() if k not in per_run})
    try:
        with open(cfg_path, 'rb') as f:
            same_cfg = cfg is not None and f.read() == cfg
    except OSError:
        same_cfg = False
    if not same_env or not same_cfg:
        sys.exit(MISMATCH)
    for k in per_run:
        if k in env:
            os.environ[k] = env[k]
        else:
            os.environ.pop(k, None)
    os.chdir(go['cwd'])
    # ansible-playbook runs with stdin closed to it, as a cold start does.
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.argv = ['ansible-playbook'] + list(go['args'])
    sys.exit(playbook_main())


if __name__ == '__main__':
    main()
