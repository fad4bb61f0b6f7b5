# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Races on committed data: threads, each in its own committed transaction,
as two requests, two workers' crons or a client's retries run them. Every
addon's race tests use this one scaffold."""

import contextlib
import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import TransactionCase


class CommittedThreadsCase(TransactionCase):
    """A TransactionCase whose fixtures and races are committed: clean up
    what you commit (``addCleanup``), the test's rollback does not."""

    def committed_env(self):
        """Superuser environment on a cursor of its own, committed on exit."""
        outer = self

        class _Env:
            def __enter__(self):
                self.cr = outer.registry.cursor()
                return api.Environment(self.cr, SUPERUSER_ID, {})

            def __exit__(self, exc_type, *_):
                if exc_type is None:
                    # a separate request's own transaction
                    self.cr.commit()  # pylint: disable=invalid-commit
                self.cr.close()

        return _Env()

    @contextlib.contextmanager
    def threads_find_the_registry(self):
        """The test runner holds the registry lock for the whole run (a served
        Odoo does not): let other threads look the loaded registry up, as
        Odoo's own HttpCase does for its request threads."""
        if isinstance(Registry._lock, DummyRLock):
            yield
            return
        with patch.object(Registry, "_lock", DummyRLock()):
            yield

    def race(self, count, submit, snapshot):
        """Run ``submit(env, index)`` in ``count`` threads, each in its own
        transaction that first calls ``snapshot(env)`` (reads the database:
        its snapshot is taken, as a request's is) and then waits until all of
        them can submit at once. Returns ``(results, errors)``."""
        barrier = threading.Barrier(count)
        results, errors = [], []

        def worker(index):
            try:
                with self.committed_env() as env:
                    snapshot(env)
                    barrier.wait(timeout=30)
                    results.append(submit(env, index))
            except Exception as exc:  # noqa: BLE001 - reported by the test
                errors.append(repr(exc))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
        with self.threads_find_the_registry():
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(any(thread.is_alive() for thread in threads), "no hang")
        return results, errors
