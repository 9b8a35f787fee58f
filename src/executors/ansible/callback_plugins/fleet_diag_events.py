# fleet-diag event callback: writes one JSON line per runner event to $FLEET_DIAG_EVENTS.
# An aggregate callback, so Ansible's human stdout stays as it is (AWX logs read normally).
# The driver judges every host from these lines, never from ansible-playbook's exit code.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = '''
    name: fleet_diag_events
    type: aggregate
    short_description: JSON lines of runner events for fleet-diag
    description: Writes task start, ok, failed, unreachable, skipped, retry, async poll and stats events.
    requirements:
      - enable in callbacks_enabled and set FLEET_DIAG_EVENTS to the output path
'''

import gc
import json
import os
import time

from ansible.plugins.callback import CallbackBase

# A node's output over this many characters is not a collector's answer: it is dropped here, so the
# driver never has to read it (the result says `over_limit`). Words (stderr, msg) are cut shorter.
MAX_OUTPUT = int(os.environ.get('FLEET_DIAG_MAX_OUTPUT') or 256 * 1024 * 1024)
MAX_WORDS = 64 * 1024
OUTPUT_KEYS = ('stdout', 'module_stdout')
WORD_KEYS = ('stderr', 'module_stderr', 'msg', 'exception')

# Result keys the driver needs; everything else (invocation, diff, ...) is left out.
KEEP = ('stdout', 'stderr', 'msg', 'rc', 'finished', 'started', 'ansible_job_id',
        'failed', 'unreachable', 'skipped', 'changed', 'attempts', 'module_stderr',
        'module_stdout', 'exception', 'results_file')


def _bounded(kept):
    for k in OUTPUT_KEYS:
        v = kept.get(k)
        if isinstance(v, str) and len(v) > MAX_OUTPUT:
            kept[k] = ''
            kept['over_limit'] = MAX_OUTPUT
    for k in WORD_KEYS:
        v = kept.get(k)
        if isinstance(v, str) and len(v) > MAX_WORDS:
            kept[k] = v[:MAX_WORDS] + ' [cut]'
    return kept


def _clean(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return str(value)


# Names the role's templates look up (Jinja's own `int` and `defined` too: Ansible looks for a
# plugin of that name first, walking its filter and test folders, in every worker).
_PRELOAD = {'filter': ('int', 'quote', 'bool', 'string', 'default'), 'test': ('defined', 'undefined')}


def _list_vars_plugins_once():
    """Every get_vars (each host, each task, the implicit meta tasks too) lists the vars plugins
    again: a glob of every plugin folder and a new instance of each plugin, ~6 times per call,
    even when `run_vars_plugins = start` then skips them all. The list cannot change during a
    run: it is made once here, and each caller still gets a list of its own."""
    try:
        from ansible.plugins.loader import vars_loader
        if getattr(vars_loader, '_fleet_diag_listed', False):
            return
        plugins = list(vars_loader.all())
        listing = vars_loader.all

        def all_listed(*args, **kwargs):
            if args or kwargs:
                return listing(*args, **kwargs)
            return iter(plugins)
        vars_loader.all = all_listed
        vars_loader._fleet_diag_listed = True
    except Exception:
        pass


def _prepare_for_forks():
    """Runs in ansible-playbook's main process before it forks a worker per host.

    Each worker starts from a copy of the main process: filter and test plugins loaded here are
    loaded in every worker (each would otherwise import and wrap them again), and objects frozen
    out of the garbage collector's reach are not touched (copied) by a worker's collections.
    """
    try:
        from ansible.plugins.loader import filter_loader, test_loader
        for loader, kind in ((filter_loader, 'filter'), (test_loader, 'test')):
            list(loader.all())
            for name in _PRELOAD[kind]:
                try:
                    loader.get(name)
                except Exception:
                    pass
    except Exception:
        pass  # an optimisation only: never fail a run for it
    _list_vars_plugins_once()
    gc.collect()
    gc.freeze()


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'fleet_diag_events'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        path = os.environ.get('FLEET_DIAG_EVENTS')
        self._out = open(path, 'a', buffering=1, encoding='utf-8') if path else None
        self._gate = os.environ.get('FLEET_DIAG_GATE') or None
        self._plays = 0

    def _emit(self, event, **fields):
        if self._out is None:
            return
        fields['event'] = event
        fields['ts'] = time.time()
        self._out.write(json.dumps(fields, default=str) + '\n')
        self._out.flush()

    def _result(self, event, result, **extra):
        res = result._result if isinstance(result._result, dict) else {'msg': str(result._result)}
        kept = _bounded(dict((k, _clean(res[k])) for k in KEEP if k in res))
        self._emit(event, host=result._host.get_name(), task=result._task.get_name(),
                   action=result._task.action, res=kept, **extra)

    def v2_playbook_on_start(self, playbook):
        try:
            from ansible.release import __version__ as version
        except ImportError:
            version = None
        self._emit('playbook_start', ansible_version=version)

    def v2_playbook_on_play_start(self, play):
        self._plays += 1
        self._emit('play_start', name=play.get_name())
        if self._plays > 1:
            self._await_go()
        _prepare_for_forks()

    def _await_go(self):
        """With FLEET_DIAG_GATE set, a serial batch after the first starts only once fleet-diag has
        counted the failures so far against --max-fail and said `go` in that folder. On `stop` this
        waits for fleet-diag's interrupt, so no host of the batch is ever started. If fleet-diag is
        gone (our parent changed), the batch goes on, as it would without the gate."""
        if not self._gate:
            return
        answer_file = os.path.join(self._gate, 'play-%d' % self._plays)
        parent = os.getppid()
        delay = 0.002
        while os.getppid() == parent:
            try:
                with open(answer_file) as f:
                    if f.read().strip() == 'go':
                        return
            except OSError:
                pass
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._emit('task_start', task=task.get_name(), action=task.action)

    def v2_runner_on_start(self, host, task):
        self._emit('runner_start', host=host.get_name(), task=task.get_name())

    def v2_runner_on_ok(self, result):
        self._result('runner_ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._result('runner_failed', result, ignore_errors=bool(ignore_errors))

    def v2_runner_on_unreachable(self, result):
        self._result('runner_unreachable', result)

    def v2_runner_on_skipped(self, result):
        self._result('runner_skipped', result)

    def v2_runner_retry(self, result):
        self._result('runner_retry', result)

    def v2_runner_on_async_poll(self, result):
        self._result('runner_async_poll', result)

    def v2_playbook_on_no_hosts_matched(self):
        self._emit('no_hosts_matched')

    def v2_playbook_on_no_hosts_remaining(self):
        self._emit('no_hosts_remaining')

    def v2_playbook_on_stats(self, stats):
        hosts = sorted(stats.processed.keys())
        summary = dict((h, stats.summarize(h)) for h in hosts)
        self._emit('stats', hosts=summary)
        if self._out is not None:
            self._out.close()
            self._out = None
