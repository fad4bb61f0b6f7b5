# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The clients of the cluster and blue-green drills: H5 feedback submissions
(the login-free signed form, as ``tests/bench/bench_h5.py`` posts it) and
portal page views of a logged-in customer, sent by concurrent threads
through HAProxy, every attempt recorded (``drills.Attempt``) and retried
when that is safe (``drills`` module docstring). Also: the drill's data (an
``odoo shell`` script) and the portal login."""

import json
import threading
import time
from dataclasses import dataclass

from . import drills

# ``requests`` is imported where it is used: ./wxf builds its parsers from
# these modules before it has checked that the Python it runs on has Odoo
# and the requirements (it must then say so, not fail on an import)

TEXTS = (
    "一箱草莓一半都发霉了，请尽快处理",
    "芒果很甜，送货也准时，点赞",
    "送晚了两个小时，早市都错过了",
    "每箱少了一斤多，麻烦核实",
    "纸箱压扁了，葡萄掉粒严重",
)
PORTAL_PAGES = ("/my/feedback", "/my/feedback/page/2", "/my/feedback/page/3")
TIMEOUT = (5, 60)  # connect, read (seconds)
LOGIN_PATH = drills.LOGIN_PATH

# Lines of an ``odoo shell`` script on a demo database (tests/bench and
# tests/cluster use them): COUNT copies of the demo's delivered orders,
# confirmed and delivered, without feedback yet (one per H5 submission, like
# one new ticket per portal post; VIP customers' among them), their H5 links
# in ``links`` (the customer's first contact, else the customer), and the H5
# rate limits lifted (every client comes from 127.0.0.1).
DEMO_ORDERS = """
params = env["ir.config_parameter"].sudo()
params.set_param("wx_feedback.h5_rate_limit_ip", "1000000/600")
params.set_param("wx_feedback.h5_rate_limit_token", "1000000/600")
demo = env["sale.order"].search([("delivery_status", "=", "full")])
orders = env["sale.order"]
for index in range(COUNT):
    order = demo[index % len(demo)].copy()
    order.action_confirm()
    for move in order.picking_ids.move_ids:
        move.quantity = move.product_uom_qty
    order.picking_ids.button_validate()
    orders |= order
links = [o._wx_h5_path(o.partner_id.child_ids[:1] or o.partner_id) for o in orders]
"""

# Run in ``odoo shell`` on the drill's database (primary). Makes a customer
# of its own with a portal login and COUNT orders confirmed and delivered
# (one H5 link each); no phone and no e-mail on the customer, so the
# auto-replies the submissions trigger text and mail nobody. Lifts the H5
# rate limits: every client comes from 127.0.0.1.
DATA_SCRIPT = """
import json, time
from odoo import Command
started = time.monotonic()
run, count = RUN, COUNT
params = env["ir.config_parameter"].sudo()
params.set_param("wx_feedback.h5_rate_limit_ip", "100000000/600")
params.set_param("wx_feedback.h5_rate_limit_token", "100000000/600")
Partner = env["res.partner"]
customer = Partner.create({"name": f"演练客户 {run}", "is_company": True})
buyer = Partner.create({"name": f"演练采购 {run}", "parent_id": customer.id,
                        "email": False})
login = f"drill_{run}"
user = env["res.users"].with_context(no_reset_password=True).create({
    "name": buyer.name, "login": login, "password": login, "partner_id": buyer.id,
    "group_ids": [Command.set([env.ref("base.group_portal").id])],
})
product = env["product.product"].create({
    "name": f"演练苹果 {run}", "type": "consu", "list_price": 30.0,
})
order_ids, links = [], []
batch = 100
for start in range(0, count, batch):
    orders = env["sale.order"].create([
        {"partner_id": customer.id,
         "order_line": [Command.create({"product_id": product.id,
                                        "product_uom_qty": 5})]}
        for _ in range(min(batch, count - start))
    ])
    orders.action_confirm()
    pickings = orders.picking_ids
    for move in pickings.move_ids:
        move.quantity = move.product_uom_qty
        move.picked = True
    pickings.with_context(skip_backorder=True, skip_sms=True).button_validate()
    undelivered = orders.filtered(lambda o: not o._wx_can_be_rated())
    if undelivered:
        raise SystemExit(f"{len(undelivered)} orders not delivered")
    order_ids += orders.ids
    links += [o._wx_h5_path(buyer) for o in orders]
    env.cr.commit()
print("DRILL" + json.dumps({
    "login": login, "customer": customer.name, "buyer": buyer.name,
    "orders": order_ids, "links": links,
    "seconds": round(time.monotonic() - started, 1),
}))
"""


def data_script(run, count):
    return DATA_SCRIPT.replace("RUN", repr(run)).replace("COUNT", str(count))


def parse_marked(stdout, prefix="DRILL"):
    """The JSON a shell script printed on its line starting with ``prefix``."""
    for line in stdout.splitlines():
        if line.startswith(prefix):
            return json.loads(line[len(prefix) :])
    return None


def marker(run, order_id):
    """Text put in each submission: the store check finds it in the database."""
    return f"[drill {run}:{order_id}]"


@dataclass(frozen=True)
class Task:
    kind: str
    target: str  # H5 link path, or portal page path
    order_id: int = 0


def interleave(links, orders, portal_views, pages=PORTAL_PAGES):
    """H5 submissions and portal views alternated, as they arrive together."""
    h5 = [
        Task(drills.H5, link, order_id)
        for link, order_id in zip(links, orders, strict=True)
    ]
    portal = [Task(drills.PORTAL, pages[i % len(pages)]) for i in range(portal_views)]
    tasks = []
    for index in range(max(len(h5), len(portal))):
        tasks += h5[index : index + 1] + portal[index : index + 1]
    return tasks


def csrf_token(html):
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def portal_login(base, login, password, attempts=5):
    """A requests session logged in as the portal customer (through ``base``);
    retried a few times (a node may be starting)."""
    import requests

    last = None
    for number in range(attempts):
        session = requests.Session()
        try:
            page = session.get(f"{base}/web/login", timeout=TIMEOUT)
            answer = session.post(
                f"{base}/web/login",
                data={
                    "login": login,
                    "password": password,
                    "csrf_token": csrf_token(page.text),
                },
                allow_redirects=False,
                timeout=TIMEOUT,
            )
            if answer.status_code in (302, 303) and session.cookies.get("session_id"):
                return session
            last = f"login answered {answer.status_code}"
        except (IndexError, requests.RequestException) as exc:
            last = repr(exc)
        time.sleep(1 + number)
    raise RuntimeError(f"portal login as {login} failed: {last}")


def session_crosses(node_a, node_b, login, password, expect):
    """Log in on node ``node_a`` and use that session cookie, alone, on node
    ``node_b``: ``(ok, detail)``; ok when node_b shows the customer's
    portal page (``expect`` in it), not the login form."""
    import requests

    session = portal_login(node_a, login, password)
    cookie = session.cookies.get("session_id")
    answer = requests.get(
        f"{node_b}/my/feedback",
        cookies={"session_id": cookie},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    ok = answer.status_code == 200 and expect in answer.text
    return ok, f"{node_b}/my/feedback answered {answer.status_code}"


class Traffic:
    """``clients`` threads running ``tasks`` (a list, or a callable giving
    task ``i`` or None for an unbounded run stopped by :meth:`stop_new`)
    against ``base``; every attempt goes to :attr:`attempts`.

    Errors are retried up to ``max_attempts`` attempts, after an exponential
    backoff; writes deferred by a freeze are retried after their
    ``Retry-After`` until ``defer_limit`` seconds after the task's first
    attempt. ``pause`` seconds between two requests of a client paces the
    load."""

    def __init__(
        self,
        base,
        tasks,
        sessions,
        run,
        max_attempts=8,
        defer_limit=900.0,
        pause=0.0,
        node_header="",
        count=None,
    ):
        self.base, self.run, self.pause = base, run, pause
        self.sessions = sessions  # one logged-in portal session per client
        self.max_attempts, self.defer_limit = max_attempts, defer_limit
        self.node_header = node_header
        if callable(tasks):
            self._task_at, total = tasks, count
        else:
            self._task_at, total = tasks.__getitem__, len(tasks)
        self.schedule = drills.Schedule(total if total is not None else 10**12)
        self.tasks = {}  # task index -> Task, as they are taken
        self.attempts = []
        self._numbers = {}
        self._first = {}
        self._lock = threading.Lock()
        self._halt = threading.Event()
        self._threads = [
            threading.Thread(target=self._client, args=(i,), daemon=True)
            for i in range(len(sessions))
        ]

    # ------------------------------------------------------------ running

    def start(self):
        for thread in self._threads:
            thread.start()
        return self

    def stop_new(self):
        """No new tasks: the started ones finish (with their retries)."""
        with self._lock:
            self.schedule.stop()

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in self._threads:
            left = None if deadline is None else max(0, deadline - time.monotonic())
            thread.join(left)
        return not any(thread.is_alive() for thread in self._threads)

    def halt(self):
        self._halt.set()
        self.wait(120)

    def done(self):
        with self._lock:
            return self.schedule.started

    def kinds(self):
        with self._lock:
            return {index: task.kind for index, task in self.tasks.items()}

    def snapshot(self):
        with self._lock:
            return list(self.attempts)

    def _client(self, index):
        import requests

        portal = self.sessions[index]
        h5 = requests.Session()  # the H5 page needs no login, and gets no cookie
        retried = False
        while not self._halt.is_set():
            with self._lock:
                number, wait = self.schedule.take(time.monotonic(), retried)
                retried = number in self._numbers
                task = None
                if number is not None:
                    task = self.tasks.get(number)
                    if task is None:
                        task = self._task_at(number)
                        if task is None:  # an unbounded source ran dry
                            self.schedule.settle(number)
                            self.schedule.stop()
                            continue
                        self.tasks[number] = task
            if number is None:
                if wait is None:
                    return
                self._halt.wait(min(wait, 0.5))
                continue
            attempt = self._attempt(
                number, task, h5 if task.kind == drills.H5 else portal
            )
            with self._lock:
                self.attempts.append(attempt)
                retry_at = self._retry_at(attempt)
                if retry_at is None:
                    self.schedule.settle(number)
                else:
                    self.schedule.retry(number, retry_at)
            if self.pause:
                self._halt.wait(self.pause)

    def _retry_at(self, attempt):
        if attempt.outcome == drills.ERROR and attempt.number < self.max_attempts:
            return attempt.ended + drills.backoff(attempt.number)
        waited = attempt.ended - self._first[attempt.task]
        if attempt.outcome == drills.DEFERRED and waited < self.defer_limit:
            return attempt.ended + attempt.retry_after
        return None

    def _attempt(self, number, task, session):
        import requests

        with self._lock:
            count = self._numbers[number] = self._numbers.get(number, 0) + 1
        started = time.monotonic()
        with self._lock:
            self._first.setdefault(number, started)
        status, location, headers, error = 0, "", {}, ""
        try:
            if task.kind == drills.H5:
                answer = session.post(
                    self.base + task.target,
                    data=self._form(task.order_id),
                    allow_redirects=False,
                    timeout=TIMEOUT,
                )
            else:
                answer = session.get(
                    self.base + task.target, allow_redirects=False, timeout=TIMEOUT
                )
                moved = answer.headers.get("Location", "")
                if answer.is_redirect and LOGIN_PATH not in moved:
                    # a website's redirect to the user's language (/zh_CN/my/...)
                    answer = session.get(
                        requests.compat.urljoin(self.base + task.target, moved),
                        allow_redirects=False,
                        timeout=TIMEOUT,
                    )
            status, headers = answer.status_code, answer.headers
            location = headers.get("Location", "")
        except requests.RequestException as exc:
            error = type(exc).__name__
        outcome = drills.classify(task.kind, status, location, headers)
        return drills.Attempt(
            task=number,
            kind=task.kind,
            number=count,
            started=started,
            ended=time.monotonic(),
            status=status,
            outcome=outcome,
            node=headers.get(self.node_header, "") if self.node_header else "",
            error=error,
            retry_after=drills.retry_after_seconds(headers.get("Retry-After"), 2.0),
        )

    def _form(self, order_id):
        rating = 1 + order_id % 5
        return {
            "rating": str(rating),
            "rating_delivery": str(rating),
            "categories": ("delivery", "freshness")[order_id % 2],
            "description": (
                f"{TEXTS[order_id % len(TEXTS)]} {marker(self.run, order_id)}"
            ),
        }
