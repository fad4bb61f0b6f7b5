# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``./wxf run`` serves the demo, ``./wxf test`` runs every check."""

import argparse
import base64
import hashlib
import json
import os
import secrets
import string
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import checklog, locate, services, sysdeps

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / ".local"
VENV = ROOT / ".venv"
ADDONS = (
    "wx_feedback",
    "wx_nlp",
    "wx_sla",
    "wx_churn",
    "wx_push",
    "wx_crm",
    "wx_learn",
    "wx_metrics",
    "wx_delivery",
    "wx_insight",
)
LANGUAGES = ("zh_CN", "es_ES")
DEMO_DB = "wxf_demo"
DEMO_LOGINS = (
    ("admin", "admin", "administrator"),
    ("wx_manager", "wx_manager", "Customer Feedback manager (王海燕)"),
    ("wx_logistics", "wx_logistics", "user, 物流组 leader (李建国)"),
    ("wx_purchasing", "wx_purchasing", "user, 采购组 leader (张丽华)"),
    ("wx_service", "wx_service", "user, 客服组 leader (陈晓敏)"),
    ("wx_vip", "wx_vip", "user, VIP专线 leader (赵志强)"),
    ("wx_sales", "wx_sales", "salesperson / account manager (刘德明)"),
    ("wx_portal", "wx_portal", "portal customer, 永辉超市福州仓山店 (周立群)"),
    ("wx_portal2", "wx_portal2", "portal customer, 百果园深圳福田店 (林小燕)"),
)


def say(message):
    print(f"[wxf] {message}", flush=True)


def venv_python():
    return str(VENV / "bin" / "python")


def run(cmd, **kwargs):
    return subprocess.run([str(c) for c in cmd], check=False, **kwargs)


def _requirement_lines(path):
    lines = []
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def ensure_venv(install):
    """Project environment on top of the Python that has Odoo, requirements in it."""
    if not Path(venv_python()).exists():
        say(f"creating the Python environment in {VENV.name}/ (from {install.python})")
        if run(
            [install.python, "-m", "venv", "--system-site-packages", VENV]
        ).returncode:
            raise SystemExit("could not create the virtual environment")
    if install.source:
        purelib = run(
            [
                venv_python(),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        Path(purelib, "wxf_odoo_src.pth").write_text(
            f"{install.source}\n", encoding="utf-8"
        )
    files = [ROOT / "requirements.txt", ROOT / "requirements-test.txt"]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / ".wxf-requirements"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == digest:
        return
    say("installing requirements")
    lines = [line for f in files for line in _requirement_lines(f)]
    # OCA addon wheels only depend on the `odoo` distribution, which we located
    # ourselves (it may be a plain checkout that pip cannot see).
    addons = [line for line in lines if line.startswith("odoo-addon-")]
    others = [line for line in lines if not line.startswith("odoo-addon-")]
    pip = [
        venv_python(),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    if run([*pip, *others]).returncode or run([*pip, "--no-deps", *addons]).returncode:
        raise SystemExit("installing requirements failed")
    stamp.write_text(digest, encoding="utf-8")


def addons_path():
    """Our addons plus every directory that holds installed OCA addons."""
    probe = (
        "import os, odoo.addons as a; print('\\n'.join(p for p in a.__path__"
        " if any(os.path.isfile(os.path.join(p, m, '__manifest__.py'))"
        " for m in ('helpdesk_mgmt', 'auditlog'))))"
    )
    out = run([venv_python(), "-c", probe], capture_output=True, text=True)
    extra = [line for line in out.stdout.splitlines() if line.strip()]
    if not extra:
        raise SystemExit("OCA helpdesk_mgmt is not installed: check requirements.txt")
    return ",".join([str(ROOT / "addons"), *extra])


def admin_password():
    path = STATE / "admin_passwd"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def master_key_file():
    """The encryption master key of the test and demo databases: a file of
    its own next to the generated odoo.conf (never in git, never in the
    database), created once (32 random bytes, base64, mode 0600)."""
    path = STATE / "master.key"
    if not path.exists():
        STATE.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
        say(f"created the encryption master key {path.relative_to(ROOT)}")
    return path


def metrics_token():
    """The bearer token Prometheus sends to /metrics (wx_metrics): generated
    once per checkout into .local/metrics_token (mode 0600)."""
    path = STATE / "metrics_token"
    if not path.exists():
        STATE.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
    return path.read_text(encoding="utf-8").strip()


def render_config(pg, redis_url, http_port, data_dir=None):
    """The text of an odoo.conf from ``config/odoo.conf.template``."""
    template = string.Template(
        (ROOT / "config" / "odoo.conf.template").read_text(encoding="utf-8")
    )
    values = {
        "addons_path": addons_path(),
        "admin_passwd": admin_password(),
        "data_dir": data_dir or STATE / "data",
        "db_host": pg.host,
        "db_port": pg.port,
        "db_user": pg.user,
        "http_interface": "127.0.0.1",
        "http_port": http_port,
        "redis_url": redis_url or "",
        "master_key_file": master_key_file(),
        "metrics_token": metrics_token(),
    }
    return template.substitute(values)


def write_config(pg, redis_url, http_port):
    config = STATE / "odoo.conf"
    config.write_text(render_config(pg, redis_url, http_port), encoding="utf-8")
    return config


def check_system(command, install_deps):
    """System dependencies of ``command`` (Debian packages), installed when
    allowed. Returns what is still missing, as a message, or None."""
    if command is None:
        return None
    missing = sysdeps.ensure(command, sysdeps.APT, install_deps, say=say)
    note = sysdeps.wkhtmltopdf_note(sysdeps.Probe())
    if note:
        say(note)
    return missing


def prepare(command=None, install_deps=False, http_port=None):
    """Everything a command needs: system packages, Odoo, environment,
    services, config. ``command`` ("run" or "test") selects the system
    dependencies to check first (none for other commands).

    ``WXF_HTTP_PORT`` moves the port of a test run (two checkouts testing at
    once must not share the HTTP port of Odoo's browser tests)."""
    if http_port is None:
        http_port = int(os.environ.get("WXF_HTTP_PORT", "8069"))
    missing = check_system(command, install_deps)
    try:
        install = locate.locate()
    except locate.OdooNotFound as exc:
        if missing:
            print(f"{missing}\n", file=sys.stderr)
        print(exc, file=sys.stderr)
        raise SystemExit(locate.EXIT_NO_ODOO) from None
    if missing:
        print(missing, file=sys.stderr)
        raise SystemExit(sysdeps.EXIT_MISSING)
    STATE.mkdir(exist_ok=True)
    ensure_venv(install)
    if command is not None:
        probe = sysdeps.Probe(python=venv_python())
        missing = sysdeps.ensure(command, sysdeps.PIP, install_deps, probe, say=say)
        if missing:
            print(missing, file=sys.stderr)
            raise SystemExit(sysdeps.EXIT_MISSING)
    pg = services.ensure_postgres(STATE)
    where = f"{pg.host or 'default socket'}:{pg.port}"
    say(f"PostgreSQL: {pg.origin} ({where}, user {pg.user})")
    redis_url = services.ensure_redis(STATE)
    if redis_url:
        say(f"Redis: {redis_url}")
    else:
        say("Redis: not available; rate limits and caches use PostgreSQL instead")
    return write_config(pg, redis_url, http_port)


def odoo_cmd(config, subcommand, *args, **kwargs):
    """``odoo <subcommand> -c <config> ...`` in the project environment."""
    return run([venv_python(), "-m", "odoo", subcommand, "-c", config, *args], **kwargs)


def database_exists(config, name):
    probe = (
        "import sys, odoo.sql_db as s, odoo.tools as t;"
        " t.config.parse_config(['-c', sys.argv[1]]);"
        " cr = s.db_connect('postgres').cursor();"
        " cr.execute('SELECT 1 FROM pg_database WHERE datname=%s', (sys.argv[2],));"
        " print(bool(cr.fetchone())); cr.close()"
    )
    out = run(
        [venv_python(), "-c", probe, config, name], capture_output=True, text=True
    )
    return out.stdout.strip() == "True"


def create_database(config, name, language, logfile):
    """Empty database for a Chinese company (country CN), then our addons.

    Returns the arguments of the ``odoo server`` call that installs the addons;
    the output of the database creation goes to ``logfile``.
    """
    init = ["init", name, "--with-demo", "--country", "CN", "--language", language]
    with open(logfile, "a", encoding="utf-8") as log:
        if odoo_cmd(
            config, "db", *init, stdout=log, stderr=subprocess.STDOUT
        ).returncode:
            raise SystemExit(f"creating database {name} failed, see {logfile}")
    other = ",".join(lang for lang in LANGUAGES if lang != language)
    addons = ",".join(ADDONS)
    return ["server", "-d", name, "-i", addons, "--load-language", other]


def drop_database(config, name, logfile):
    with open(logfile, "a", encoding="utf-8") as log:
        odoo_cmd(config, "db", "drop", name, stdout=log, stderr=subprocess.STDOUT)


def cmd_run(options):
    config = prepare("run", options.install_deps, options.port)
    logfile = STATE / "logs" / f"{DEMO_DB}-install.log"
    logfile.parent.mkdir(exist_ok=True)
    if options.reset and database_exists(config, DEMO_DB):
        say(f"dropping {DEMO_DB}")
        drop_database(config, DEMO_DB, logfile)
    if not database_exists(config, DEMO_DB):
        say(f"creating the demo database {DEMO_DB} (a few minutes, log: {logfile})")
        args = create_database(config, DEMO_DB, "zh_CN", logfile)
        args += ["--stop-after-init", "--logfile", str(logfile)]
        if odoo_cmd(config, *args).returncode:
            drop_database(config, DEMO_DB, logfile)
            raise SystemExit(f"installing the addons failed, see {logfile}")
    else:
        say(f"reusing {DEMO_DB}, updating the addons (--reset to start over)")
        # -i installs the addons added since the demo was made (wx_metrics...)
        addons = ",".join(ADDONS)
        update = ["-d", DEMO_DB, "-i", addons, "-u", addons, "--stop-after-init"]
        if odoo_cmd(config, "server", *update, "--logfile", logfile).returncode:
            raise SystemExit(f"updating the addons failed, see {logfile}")
    services = start_demo_services(config, options.port)
    url = f"http://localhost:{options.port}"
    say(f"Odoo is starting on {url}")
    width = max(len(login) for login, _p, _r in DEMO_LOGINS)
    for login, password, role in DEMO_LOGINS:
        say(f"  login {login:<{width}}  password {password:<{width}}  {role}")
    say(
        f"Prometheus metrics: {url}/metrics (bearer token in"
        f" {(STATE / 'metrics_token').relative_to(ROOT)}, from 127.0.0.1 only)"
    )
    say("stop with Ctrl+C")
    serve = ["-d", DEMO_DB, "--db-filter", f"^{DEMO_DB}$", "--http-port", options.port]
    try:
        return odoo_cmd(config, "server", *serve).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        stop_demo_services(services)


DEMO_CONFIGURE = """
import json
accounts = env["res.company"]._wx_demo_use_local_services(%r, %d, %r)
env.cr.commit()
print("WXDEMO" + json.dumps(accounts))
"""


def start_demo_services(config, port, db=DEMO_DB, mail_folder=None):
    """The demo's outside world (scripts/wxflib/demo_services.py) in a child
    process that lives as long as the served Odoo: the wx_push fakes and an
    SMTP sink keeping e-mails in ``mail_folder`` (.local/demo_mail/); then
    the database ``db`` (the demo's) is pointed at them (their ports change
    at each start)."""
    mail_folder = Path(mail_folder or STATE / "demo_mail")
    proc = subprocess.Popen(
        [
            venv_python(),
            str(Path(__file__).with_name("demo_services.py")),
            str(ROOT / "addons"),
            str(mail_folder),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        info = json.loads(proc.stdout.readline() or "null")
        if not info:
            raise SystemExit("the demo's fakes and SMTP sink did not start")
        script = DEMO_CONFIGURE % (
            info["fakes_url"],
            info["smtp_port"],
            f"http://127.0.0.1:{port}",
        )
        logfile = STATE / "logs" / f"{db}-install.log"
        out = odoo_cmd(
            config,
            "shell",
            "-d",
            db,
            "--logfile",
            logfile,
            input=script,
            capture_output=True,
            text=True,
        )
        lines = [line for line in out.stdout.splitlines() if line.startswith("WXDEMO")]
        if not lines:
            raise SystemExit(f"configuring the demo's services failed, see {logfile}")
        proc.stdin.write(lines[-1][len("WXDEMO") :] + "\n")
        proc.stdin.flush()
        if proc.stdout.readline().strip() != "configured":
            raise SystemExit("the demo's fakes refused their configuration")
    except BaseException:
        stop_demo_services(proc)
        raise
    say(f"fakes (WeCom, DingTalk, Aliyun, Tencent SMS): {info['fakes_url']}")
    say(f"SMTP sink: 127.0.0.1:{info['smtp_port']}, e-mails kept in {mail_folder}/")
    return proc


def stop_demo_services(proc):
    if proc.stdin:
        proc.stdin.close()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait(timeout=10)


def lint(capture=False):
    """pre-commit on every file. With ``capture`` its output is printed in one
    piece when it ends (it runs beside the Odoo tests)."""
    if not (ROOT / ".git").exists():
        say("lint: not a git checkout, pre-commit cannot run")
        return False
    say("lint: pre-commit run --all-files")
    env = dict(os.environ, PATH=f"{VENV / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = run(
        [
            venv_python(),
            "-m",
            "pre_commit",
            "run",
            "--all-files",
            "--show-diff-on-failure",
        ],
        cwd=ROOT,
        env=env,
        **_captured(capture),
    )
    _print_captured("lint", result)
    return result.returncode == 0


def _captured(capture):
    if not capture:
        return {}
    return {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}


def _print_captured(what, result):
    if result.stdout:
        say(f"{what}: output")
        print(result.stdout, end="", flush=True)


def pytest_counts(junit):
    root = ET.parse(junit).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    total = sum(int(s.get("tests", 0)) for s in suites)
    bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return total - bad - skipped, bad


def run_pytest(capture=False):
    junit = STATE / "pytest.xml"
    junit.unlink(missing_ok=True)
    say("pytest: pure-Python tests")
    result = run(
        [
            venv_python(),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
        ],
        cwd=ROOT,
        **_captured(capture),
    )
    _print_captured("pytest", result)
    if not junit.exists():
        return 0, 1
    return pytest_counts(junit)


def e2e_script(filename):
    """A tests/e2e script for ``odoo shell``, given the suite's addons."""
    script = (ROOT / "tests" / "e2e" / filename).read_text(encoding="utf-8")
    return f"ADDONS = {list(ADDONS)!r}\n{script}"


def reinstall_addons(config, name, logfile):
    """Uninstall and reinstall each addon on the tested database (demo data in),
    with a log of its own (``logfile`` with ``_reinstall``): the log rule
    applies to it as to the test logs.

    Odoo refuses to uninstall a module the process loads server-wide
    (wx_metrics, see config/odoo.conf.template): this shell loads only
    Odoo's own server-wide modules, as an administrator does before
    uninstalling it."""
    started = time.time()
    script = e2e_script("reinstall.py")
    logfile = logfile.with_name(f"{logfile.stem}_reinstall.log")
    logfile.unlink(missing_ok=True)
    out = odoo_cmd(
        config,
        "shell",
        "-d",
        name,
        "--load",
        "base,rpc,web",
        "--logfile",
        logfile,
        input=script,
        capture_output=True,
        text=True,
    )
    lines = (
        logfile.read_text(encoding="utf-8", errors="replace").splitlines()
        if logfile.exists()
        else []
    )
    ignore = checklog.read_ignore_list(ROOT / ".checklog-odoo.cfg")
    bad = checklog.bad_lines(lines, ignore)
    ok = "REINSTALL OK" in out.stdout and not bad
    verdict = "ok" if ok else f"FAILED\n{out.stdout[-2000:]}{out.stderr[-2000:]}"
    elapsed = time.time() - started
    say(f"odoo: uninstall + reinstall of every addon {verdict} ({elapsed:.0f}s)")
    for line in bad[:50]:
        print(f"    {line}")
    return ok


def check_without_demo(config):
    """Install the addons on a scratch database without demo data, check it
    with tests/e2e/nodemo.py, drop it. Runs beside the Odoo tests, with a log
    of its own that the same ERROR / WARNING rule applies to.
    Returns (passed, failed) counts."""
    started = time.time()
    name = f"wxf_nodemo_{os.getpid()}"
    logfile = STATE / "logs" / f"{name}.log"
    logfile.parent.mkdir(exist_ok=True)
    logfile.unlink(missing_ok=True)
    script = e2e_script("nodemo.py")
    out = None
    try:
        with open(logfile, "a", encoding="utf-8") as log:
            init = ["init", name, "--country", "CN"]
            created = not odoo_cmd(
                config, "db", *init, stdout=log, stderr=subprocess.STDOUT
            ).returncode
        install = ["-d", name, "-i", ",".join(ADDONS), "--stop-after-init"]
        if (
            created
            and not odoo_cmd(
                config, "server", *install, "--logfile", logfile
            ).returncode
        ):
            shell = ["-d", name, "--logfile", logfile]
            out = odoo_cmd(
                config, "shell", *shell, input=script, capture_output=True, text=True
            )
    finally:
        drop_database(config, name, logfile)
    ok = out is not None and "NODEMO OK" in out.stdout
    detail = "" if ok or out is None else f"\n{out.stdout[-2000:]}{out.stderr[-2000:]}"
    verdict = "ok" if ok else f"FAILED{detail}"
    elapsed = time.time() - started
    say(f"odoo: install without demo data {verdict} ({elapsed:.0f}s)")
    bad = report_bad_log_lines(logfile)
    return (1, 0) if ok and not bad else (0, 1)


def report_bad_log_lines(logfile):
    """The ERROR / WARNING lines of an Odoo log not in .checklog-odoo.cfg,
    printed; returns them."""
    lines = (
        logfile.read_text(encoding="utf-8", errors="replace").splitlines()
        if logfile.exists()
        else []
    )
    bad = checklog.bad_lines(
        lines, checklog.read_ignore_list(ROOT / ".checklog-odoo.cfg")
    )
    if bad:
        say(
            f"{logfile.name}: {len(bad)} ERROR/WARNING line(s) not in"
            " .checklog-odoo.cfg:"
        )
        for line in bad[:200]:
            print(f"    {line}")
    return bad


def copy_database(config, name, copy, logfile):
    """A copy of a database and its filestore (returns its name, None on
    failure)."""
    with open(logfile, "a", encoding="utf-8") as log:
        failed = odoo_cmd(
            config, "db", "duplicate", "-f", name, copy,
            stdout=log, stderr=subprocess.STDOUT,
        ).returncode  # fmt: skip
    return None if failed else copy


def check_personal_data_dump(config, copy, logfile):
    """tests/e2e/pgdump_leaks.py on the tested database (demo data in): an H5
    feedback with a new number, then no personal data in clear in a
    ``pg_dump`` outside core contacts and the SMS queue. True when it passed."""
    started = time.time()
    port = os.environ.get("WXF_HTTP_PORT", "8069")
    script = ROOT / "tests" / "e2e" / "pgdump_leaks.py"
    copied = bool(copy)
    try:
        out = run(
            [venv_python(), script, config, copy, port, logfile],
            capture_output=True,
            text=True,
        )
    finally:
        if copy:
            drop_database(config, copy, logfile)
    ok = copied and not out.returncode and "PGDUMP OK" in out.stdout
    verdict = "ok" if ok else f"FAILED\n{out.stdout[-2000:]}{out.stderr[-2000:]}"
    elapsed = time.time() - started
    say(
        f"odoo: personal data in a pg_dump after an H5 feedback {verdict}"
        f" ({elapsed:.0f}s)"
    )
    return ok


# Nearly all our Odoo tests are post-install: they run in two processes, on
# the installed database and on a copy of it, one per core: the addons below
# and the others (about half of the test time each).
FIRST_TEST_GROUP = {
    "wx_feedback",
    "wx_push",
    "wx_crm",
    "wx_metrics",
    "wx_insight",
}


def run_odoo_tests(config, tags=None, reinstall=True, keep_db=None):
    """Install the addons with demo data on a new database and run their tests
    (then, with ``reinstall``, the pg_dump and reinstall checks).

    With ``tags`` or ``keep_db`` (developers' loop) one process runs the
    tests; ``keep_db`` reuses that database when it exists (the addons are
    updated, which runs their tests) and never drops it."""
    if tags or keep_db:
        return run_odoo_tests_in_one(config, tags, reinstall, keep_db)
    name = f"wxf_test_{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}"
    groups = [
        [addon for addon in ADDONS if addon in FIRST_TEST_GROUP],
        [addon for addon in ADDONS if addon not in FIRST_TEST_GROUP],
    ]
    names = [name, f"{name}_b"]
    logfiles = [STATE / "logs" / f"{db}.log" for db in names]
    for logfile in logfiles:
        logfile.parent.mkdir(exist_ok=True)
        logfile.unlink(missing_ok=True)
    port = int(os.environ.get("WXF_HTTP_PORT", "8069"))
    checks_ok = True
    try:
        addons = ", ".join(ADDONS)
        say(f"odoo: installing {addons} with demo data in {name} (at-install tests)")
        started = time.time()
        args = create_database(config, name, "en_US", logfiles[0])
        args += ["--stop-after-init", "--test-enable"]
        args += ["--test-tags", ",".join(f"at_install/{addon}" for addon in ADDONS)]
        args += ["--log-level", "info", "--logfile", str(logfiles[0])]
        odoo_cmd(config, *args)
        copy_database(config, name, names[1], logfiles[1])
        dump_copy = None
        if reinstall:
            dump_copy = copy_database(config, name, f"{name}_pgdump", logfiles[0])
        say(f"odoo: installed in {time.time() - started:.0f}s; post-install tests")
        started = time.time()
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = [
                pool.submit(
                    post_install_tests, config, db, group, port + index, logfile
                )
                for index, (db, group, logfile) in enumerate(
                    zip(names, groups, logfiles, strict=True)
                )
            ]
            for run_ in runs:
                run_.result()
        say(f"odoo: post-install tests done in {time.time() - started:.0f}s")
        cluster_counts = (0, 0)
        if reinstall:
            # the pg_dump check on the copy made before the tests (the orders
            # and feedback it adds must not reach the uninstall check), beside
            # the reinstall check and the cluster test (on a copy of the
            # second database, whose tests are over)
            with ThreadPoolExecutor(max_workers=2) as pool:
                dump = pool.submit(
                    check_personal_data_dump, config, dump_copy, logfiles[0]
                )
                cluster = pool.submit(run_cluster_test, names[1])
                checks_ok = reinstall_addons(config, name, logfiles[0])
                checks_ok &= dump.result()
                cluster_counts = cluster.result()
        say(f"odoo: logs in {', '.join(str(f.relative_to(ROOT)) for f in logfiles)}")
    finally:
        for db in names:
            drop_database(config, db, logfiles[0])
    passed, failed = odoo_test_verdict(logfiles, checks_ok)
    return passed + cluster_counts[0], failed + cluster_counts[1]


def run_cluster_test(source):
    """tests/cluster (pytest): the local cluster of ``./wxf cluster`` made
    from a copy of ``source``, with its real services, on ports of its own.
    Returns (passed, failed) counts."""
    started = time.time()
    junit = STATE / "pytest-cluster.xml"
    junit.unlink(missing_ok=True)
    result = run(
        [
            venv_python(),
            "-m",
            "pytest",
            "-c",
            "pytest.ini",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
            "tests/cluster",
        ],
        cwd=ROOT,
        env=dict(os.environ, WXF_CLUSTER_TEST_DB=source),
        **_captured(True),
    )
    _print_captured("cluster test", result)
    counts = pytest_counts(junit) if junit.exists() else (0, 1)
    say(
        f"cluster test: {counts[0]} passed, {counts[1]} failed"
        f" ({time.time() - started:.0f}s)"
    )
    return counts


def post_install_tests(config, name, addons, port, logfile):
    """The post-install tests of ``addons`` on the installed database ``name``
    (no module is updated: the tests of every installed module matching the
    tags run), its HTTP tests on ``port``."""
    tags = ",".join(f"post_install/{addon}" for addon in addons)
    args = ["server", "-d", name, "--stop-after-init", "--test-enable"]
    args += ["--test-tags", tags, "--http-port", str(port)]
    args += ["--log-level", "info", "--logfile", str(logfile)]
    odoo_cmd(config, *args)  # the verdict is read from the log


def run_odoo_tests_in_one(config, tags, reinstall, keep_db):
    name = keep_db or f"wxf_test_{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}"
    logfile = STATE / "logs" / f"{name}.log"
    logfile.parent.mkdir(exist_ok=True)
    logfile.unlink(missing_ok=True)
    tags = tags or ",".join(f"/{addon}" for addon in ADDONS)
    try:
        if keep_db and database_exists(config, name):
            say(f"odoo: updating {', '.join(ADDONS)} in {name}, testing them")
            args = ["server", "-d", name, "-u", ",".join(ADDONS)]
        else:
            addons = ", ".join(ADDONS)
            say(f"odoo: installing {addons} with demo data in {name}, testing them")
            args = create_database(config, name, "en_US", logfile)
        args += ["--stop-after-init", "--test-enable", "--test-tags", tags]
        args += ["--log-level", "info", "--logfile", str(logfile)]
        started = time.time()
        odoo_cmd(config, *args)
        say(f"odoo: tests done in {time.time() - started:.0f}s")
        checks_ok = True
        if reinstall:
            copy = copy_database(config, name, f"{name}_pgdump", logfile)
            with ThreadPoolExecutor(max_workers=1) as pool:
                dump = pool.submit(check_personal_data_dump, config, copy, logfile)
                checks_ok = reinstall_addons(config, name, logfile)
                checks_ok &= dump.result()
        say(f"odoo: log in {logfile.relative_to(ROOT)}")
    finally:
        if not keep_db:
            drop_database(config, name, logfile)
    return odoo_test_verdict([logfile], checks_ok)


def odoo_test_verdict(logfiles, checks_ok):
    """(passed, failed) from the Odoo logs: each log's test report, its
    ERROR / WARNING lines not in .checklog-odoo.cfg and its skipped tests
    (each counts as failed), plus the pg_dump / reinstall checks as one."""
    passed = failed = ran = 0
    for logfile in logfiles:
        lines = (
            logfile.read_text(encoding="utf-8", errors="replace").splitlines()
            if logfile.exists()
            else []
        )
        for line in lines:
            if " odoo.tests.stats: " in line or "tests when loading database" in line:
                print(line)
        if report_bad_log_lines(logfile):
            failed += 1
        skipped = checklog.skipped_tests(lines)
        if skipped:
            say(f"odoo: {len(skipped)} test(s) skipped, each counts as failed:")
            for test, reason in skipped:
                print(f"    {test}: {reason}")
        report = checklog.test_report(lines)
        if report is None:
            say(f"odoo: {logfile.name} has no test report (the run did not end)")
            failed += 1
            continue
        ran += report.run
        failed += report.failed + report.errors + len(skipped)
        passed += report.passed - len(skipped)
    if ran == 0:
        say("odoo: no Odoo test was executed")
        return 0, failed + 1
    return passed + (1 if checks_ok else 0), failed + (0 if checks_ok else 1)


def checks_beside_odoo(config):
    """Lint, the pure-Python tests and the install without demo data, output
    printed as each ends. Returns (passed, failed) counts."""
    passed = failed = 0
    if lint(capture=True):
        passed += 1
    else:
        say("lint: FAILED")
        failed += 1
    for counts in (run_pytest(capture=True), check_without_demo(config)):
        passed += counts[0]
        failed += counts[1]
    return passed, failed


def cmd_test(options):
    """The Odoo test run keeps one core busy: lint, the pure-Python tests and
    the install without demo data run beside it on the other."""
    started = time.time()
    config = prepare("test", options.install_deps)
    if options.quick:
        say("--quick: no lint, no pytest (a developer's partial run, not CI's)")
    with ThreadPoolExecutor(max_workers=1) as pool:
        beside = None if options.quick else pool.submit(checks_beside_odoo, config)
        passed, failed = run_odoo_tests(
            config, options.tags, not options.quick, options.keep_db
        )
        if beside is not None:
            side_passed, side_failed = beside.result()
            passed += side_passed
            failed += side_failed
    say(f"finished in {time.time() - started:.0f}s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


ROTATE_SCRIPT = """
import json
result = env["wx.crypto.key"].sudo()._wx_rotate(purposes=PURPOSES, batch_size=BATCH)
env.cr.commit()
print("ROTATED " + json.dumps(result))
"""


def cmd_keys(options):
    """``./wxf keys rotate``: new data keys, every value re-encrypted in
    committed batches (resumable: run it again after an interruption)."""
    config = prepare()
    name = options.db or DEMO_DB
    if not database_exists(config, name):
        say(f"no database {name}")
        return 1
    logfile = STATE / "logs" / f"{name}-keys.log"
    logfile.parent.mkdir(exist_ok=True)
    purposes = options.purpose or None
    script = ROTATE_SCRIPT.replace("PURPOSES", repr(purposes)).replace(
        "BATCH", str(options.batch)
    )
    say(f"rotating the data keys of {name} (log in {logfile.relative_to(ROOT)})")
    out = odoo_cmd(
        config,
        "shell",
        "-d",
        name,
        "--no-http",
        "--logfile",
        logfile,
        input=script,
        capture_output=True,
        text=True,
    )
    line = next(
        (row for row in out.stdout.splitlines() if row.startswith("ROTATED ")), None
    )
    if out.returncode or not line:
        say("rotation interrupted; run the same command again to resume")
        print(out.stderr[-2000:])
        return 1
    say(f"rotated: {line[len('ROTATED ') :]}")
    return 0


def cmd_deps(options):
    """The system dependency check alone (``--install-deps`` installs)."""
    missing = [check_system(options.needed_by, options.install_deps)]
    if Path(venv_python()).exists():
        probe = sysdeps.Probe(python=venv_python())
        missing.append(
            sysdeps.ensure(
                options.needed_by, sysdeps.PIP, options.install_deps, probe, say=say
            )
        )
    missing = [message for message in missing if message]
    if missing:
        print("\n\n".join(missing), file=sys.stderr)
        return sysdeps.EXIT_MISSING
    say(f"every system dependency of ./wxf {options.needed_by} is present")
    return 0


def _po_files():
    return sorted((ROOT / "addons").glob("*/i18n/*.po"))


def _read_translations():
    """msgstr of every translated msgid of every .po, before an export."""
    import polib

    return {
        path: {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr}
        for path in _po_files()
    }


def _restore_translations(previous):
    """Odoo exports the translations it holds in the database; those of Python
    code live only in the .po files, so carry them over. Returns how many."""
    import polib

    kept = 0
    for path in _po_files():
        old = previous.get(path, {})
        po = polib.pofile(str(path))
        for entry in po:
            if not entry.msgstr and old.get(entry.msgid):
                entry.msgstr = old[entry.msgid]
                kept += 1
        po.save(str(path))
    return kept


def cmd_i18n(_options):
    """Export every addon's .pot and refresh zh_CN.po / es.po from a database
    without demo data (existing translations are kept, new terms are empty)."""
    config = prepare()
    name = f"wxf_i18n_{os.getpid()}"
    logfile = STATE / "logs" / f"{name}.log"
    logfile.parent.mkdir(exist_ok=True)
    init = ["init", name, "--country", "CN"]
    try:
        with open(logfile, "a", encoding="utf-8") as log:
            odoo_cmd(config, "db", *init, stdout=log, stderr=subprocess.STDOUT)
        install = ["-d", name, "-i", ",".join(ADDONS), "--stop-after-init"]
        install += ["--load-language", ",".join(LANGUAGES), "--logfile", logfile]
        if odoo_cmd(config, "server", *install).returncode:
            raise SystemExit(f"installing the addons failed, see {logfile}")
        previous = _read_translations()
        export = ["i18n", "export", "-c", config, "-d", name, *ADDONS]
        export += ["-l", "pot", *LANGUAGES]
        with open(logfile, "a", encoding="utf-8") as log:
            result = run([venv_python(), "-m", "odoo", *export], stdout=log, stderr=log)
        if result.returncode:
            say("export failed")
            return result.returncode
        kept = _restore_translations(previous)
        say(f"exported .pot and .po files ({kept} code translations carried over)")
        return 0
    finally:
        drop_database(config, name, logfile)


def cmd_audit(options):
    """``./wxf audit verify [--db NAME]``: the audit trail's hash chains."""
    from . import audit

    config = prepare()
    return audit.verify(config, options.db)


def cmd_monitoring_drill(options):
    from . import monitoring

    options.config = prepare("monitoring-drill", options.install_deps)
    return monitoring.run_drill(sys.modules[__name__], options)


def _cmd_backup_family(options):
    from . import backup, pitr

    if options.command == "pitr-drill":
        check_missing(options.command, options.install_deps)
        return pitr.run_drill(sys.modules[__name__], options)
    # neither needs Odoo: only pgBackRest, the PostgreSQL binaries and the
    # cluster Odoo uses (PGHOST / PGPORT / PGUSER name another one)
    check_missing(options.command, options.install_deps)
    pg = services.ensure_postgres(STATE)
    options.data_dir = Path(options.data_dir or STATE / "data")
    run = backup.cmd_backup if options.command == "backup" else backup.cmd_restore
    return run(sys.modules[__name__], options, pg)


def cmd_cluster(options):
    """``./wxf cluster up|down|status`` (scripts/wxflib/cluster.py)."""
    from . import cluster

    if options.action == "up":
        prepare("cluster", options.install_deps)
        running = cluster.Cluster.up(from_db=options.from_db, reset=options.reset)
        say(
            f"cluster URL {running.url} (HAProxy); nodes: "
            + ", ".join(f"{n} {u}" for n, u in running.node_urls.items())
        )
        say(
            f"database {running.db}; sessions in {running.sessions_db};"
            f" primary {running.primary_dsn}; replica port {running.replica_port}"
        )
        width = max(len(login) for login, _p, _r in DEMO_LOGINS)
        for login, password, role in DEMO_LOGINS:
            say(f"  login {login:<{width}}  password {password:<{width}}  {role}")
        say("status: ./wxf cluster status; stop and remove: ./wxf cluster down")
        return 0
    try:
        running = cluster.Cluster.current()
    except cluster.ClusterError as exc:
        say(str(exc))
        return 0 if options.action == "down" else 1
    if options.action == "down":
        running.down()
        return 0
    status = running.status()
    for line in cluster.final_status_lines(status):
        print(line)
    return 0 if status["state"] == "up" else 1


def cmd_cluster_drill(options):
    """``./wxf cluster-drill`` and ``./wxf bluegreen-drill``
    (scripts/wxflib/cluster_drill.py, scripts/wxflib/bluegreen.py)."""
    from . import bluegreen, cluster_drill

    prepare("cluster", options.install_deps)
    drill = cluster_drill if options.command == "cluster-drill" else bluegreen
    return drill.run_drill(sys.modules[__name__], options)


def check_missing(command, install_deps):
    missing = check_system(command, install_deps)
    if missing:
        print(missing, file=sys.stderr)
        raise SystemExit(sysdeps.EXIT_MISSING)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="wxf", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser(
        "run", help="serve the demo database on http://localhost:8069"
    )
    run_parser.add_argument(
        "--reset", action="store_true", help="drop and recreate the demo database"
    )
    run_parser.add_argument("--port", type=int, default=8069)
    run_parser.set_defaults(func=cmd_run)
    test_parser = sub.add_parser(
        "test", help="lint, pytest and every Odoo test on a throwaway database"
    )
    test_parser.add_argument(
        "--tags",
        help="Odoo --test-tags instead of every wx addon (e.g. /wx_feedback:TestH5)",
    )
    test_parser.add_argument(
        "--quick",
        action="store_true",
        help="skip lint and pytest (developers' partial runs; CI never uses it)",
    )
    test_parser.add_argument(
        "--keep-db",
        metavar="NAME",
        help="reuse (update) this database if it exists and keep it afterwards",
    )
    test_parser.set_defaults(func=cmd_test)
    deps_parser = sub.add_parser(
        "deps", help="check the system dependencies of run / test alone"
    )
    deps_parser.add_argument(
        "--for",
        dest="needed_by",
        choices=(
            "run",
            "test",
            "monitoring-drill",
            "backup",
            "restore",
            "pitr-drill",
            "cluster",
        ),
        default="test",
        help="the command whose dependencies to check (default: test, all of them)",
    )
    deps_parser.set_defaults(func=cmd_deps)
    for command_parser in (run_parser, test_parser, deps_parser):
        command_parser.add_argument(
            "--install-deps",
            action="store_true",
            help="install missing system dependencies (apt-get as root or through"
            " sudo, pip in .venv) instead of stopping with exit code 3",
        )
    keys_parser = sub.add_parser("keys", help="encryption keys: rotate")
    keys_parser.add_argument("action", choices=("rotate",))
    keys_parser.add_argument("--db", help=f"database (default {DEMO_DB})")
    keys_parser.add_argument(
        "--purpose",
        action="append",
        choices=("contact", "amount", "blind", "secret"),
        help="rotate only these purposes (repeatable; default: all)",
    )
    keys_parser.add_argument("--batch", type=int, default=500)
    keys_parser.set_defaults(func=cmd_keys)
    i18n_parser = sub.add_parser("i18n", help="refresh the .pot and .po files")
    i18n_parser.set_defaults(func=cmd_i18n)
    audit_parser = sub.add_parser("audit", help="audit trail tools")
    audit_sub = audit_parser.add_subparsers(dest="audit_command", required=True)
    verify_parser = audit_sub.add_parser(
        "verify",
        help="check the hash chains of the audit trail (exit 0 intact, 1 broken)",
    )
    verify_parser.add_argument(
        "--db", default=DEMO_DB, help=f"database (default: {DEMO_DB}, the demo)"
    )
    verify_parser.set_defaults(func=cmd_audit)
    drill_parser = sub.add_parser(
        "monitoring-drill",
        help="a real Prometheus scrapes the demo served with 2 workers; the H5"
        " route is slowed on purpose until the latency alert fires",
    )
    drill_parser.add_argument(
        "--template", default=DEMO_DB, help=f"database to copy (default {DEMO_DB})"
    )
    drill_parser.add_argument(
        "--db", default="wxf_drill_monitoring", help="the copy (dropped at the end)"
    )
    drill_parser.add_argument("--port", type=int, default=8181)
    drill_parser.add_argument("--prometheus-port", type=int, default=9190)
    drill_parser.add_argument(
        "--delay-ms",
        type=int,
        default=700,
        help="delay added to the drill's slowed H5 requests (default 700)",
    )
    drill_parser.add_argument(
        "--warm-seconds",
        type=int,
        default=30,
        help="traffic before Prometheus starts (in no rate it computes)",
    )
    drill_parser.add_argument(
        "--baseline-seconds",
        type=int,
        default=120,
        help="the same traffic without delay, alert inactive (default 120)",
    )
    drill_parser.add_argument(
        "--clients", type=int, default=2, help="concurrent H5 clients (default 2)"
    )
    drill_parser.add_argument(
        "--pause-ms",
        type=int,
        default=250,
        help="pause of each client between two requests (default 250)",
    )
    drill_parser.add_argument(
        "--timeout", type=int, default=600, help="seconds to wait for the alert"
    )
    drill_parser.set_defaults(func=cmd_monitoring_drill)
    backup_parser = sub.add_parser(
        "backup",
        help="pgBackRest backup of the PostgreSQL cluster + the filestore (same label)",
    )
    backup_parser.add_argument(
        "--type",
        choices=("auto", "full", "diff", "incr"),
        default="auto",
        help="auto: full when none in the last 7 days, else differential",
    )
    backup_parser.add_argument(
        "--filestore-only",
        action="store_true",
        help="copy the new filestore files only (every 15 minutes)",
    )
    restore_parser = sub.add_parser(
        "restore", help="point-in-time restore into a new cluster (never over one)"
    )
    restore_parser.add_argument(
        "--to", required=True, help='"YYYY-MM-DD HH:MM:SS", UTC'
    )
    restore_parser.add_argument(
        "--pg-data",
        help="new data directory (default /var/lib/postgresql/wxf-restore-<time>)",
    )
    restore_parser.add_argument("--port", type=int, default=5499)
    restore_parser.add_argument(
        "--filestore-to",
        help="folder for the restored filestore (default .local/data/restored-<time>)",
    )
    for command_parser in (backup_parser, restore_parser):
        command_parser.add_argument("--repo", default="/var/lib/pgbackrest/wxf")
        command_parser.add_argument(
            "--conf",
            default="/etc/pgbackrest/wxf.conf",
            help="pgBackRest configuration",
        )
        command_parser.add_argument(
            "--data-dir",
            help="Odoo's data_dir, whose filestore/<db> folders are backed up"
            " (default .local/data)",
        )
        command_parser.add_argument(
            "--encrypt",
            action="store_true",
            help="encrypted repository (aes-256-cbc; passphrase from"
            " WXF_BACKUP_CIPHER_PASS or generated into the configuration)",
        )
        command_parser.set_defaults(func=_cmd_backup_family)
    pitr_parser = sub.add_parser(
        "pitr-drill",
        help="backup, marked writes, restore between two marks on a scratch cluster",
    )
    pitr_parser.add_argument("--pg-port", type=int, default=5491)
    pitr_parser.add_argument("--marks", type=int, default=4)
    pitr_parser.add_argument("--rows", type=int, default=25)
    pitr_parser.add_argument(
        "--interval", type=float, default=50.0, help="seconds between marks"
    )
    pitr_parser.add_argument("--workdir", default="/var/tmp")
    pitr_parser.add_argument(
        "--no-encrypt", dest="encrypt", action="store_false",
        help="plain repository (the drill encrypts by default)",
    )  # fmt: skip
    pitr_parser.add_argument(
        "--keep", action="store_true", help="keep the scratch folder"
    )
    pitr_parser.set_defaults(func=_cmd_backup_family)
    cluster_parser = sub.add_parser(
        "cluster",
        help="two Odoo nodes behind HAProxy, a PostgreSQL primary and streaming"
        " replica, shared sessions, S3 filestore and Redis, on this machine",
    )
    cluster_parser.add_argument("action", choices=("up", "down", "status"))
    cluster_parser.add_argument(
        "--from-db",
        help="copy this database of the project's PostgreSQL (and its filestore)"
        " instead of installing the addons with demo data",
    )
    cluster_parser.add_argument(
        "--reset", action="store_true", help="up: remove a running cluster first"
    )
    cluster_parser.set_defaults(func=cmd_cluster)
    from . import bluegreen, cluster_drill

    drill_parsers = (
        cluster_drill.add_parser(sub, cmd_cluster_drill),
        bluegreen.add_parser(sub, cmd_cluster_drill),
    )
    for command_parser in (
        drill_parser,
        backup_parser,
        restore_parser,
        pitr_parser,
        cluster_parser,
        *drill_parsers,
    ):
        command_parser.add_argument(
            "--install-deps",
            action="store_true",
            help="install missing system dependencies (apt-get) instead of"
            " stopping with exit code 3",
        )
    options = parser.parse_args(argv)
    return options.func(options)
