# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""docker-compose.yml's monitoring profile: Prometheus with the shipped
alert rules scraping Odoo's /metrics with the token, Grafana with its data
source and the dashboard, every mounted file present and consistent.

``docker compose config`` is not available everywhere (not on the
development machine): the file is read as YAML here, and the Prometheus
configuration the container would load is checked by ``promtool check
config`` (with the rule files it mounts) when promtool is installed."""

import json
import re
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def mounts(service):
    """``{container path: host path (relative to the repository) or named
    volume}`` of a service's short-syntax volumes."""
    found = {}
    for entry in SERVICES[service].get("volumes", []):
        source, target = entry.split(":")[:2]
        found[target] = source
    return found


def host_path(service, container_path):
    """The repository file a container path of ``service`` is mounted from."""
    container_path = PurePosixPath(container_path)
    for target, source in mounts(service).items():
        if source.startswith("./") and (
            container_path == PurePosixPath(target)
            or PurePosixPath(target) in container_path.parents
        ):
            return ROOT / source[2:] / container_path.relative_to(target)
    raise AssertionError(f"{container_path} is not mounted from the repository")


def option(service, name):
    for arg in SERVICES[service].get("command", []):
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    raise AssertionError(f"{service} has no --{name}")


def prometheus_config():
    path = host_path("prometheus", option("prometheus", "config.file"))
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def test_monitoring_services_are_there_in_their_profile():
    for name in ("prometheus", "grafana"):
        assert name in SERVICES
        assert SERVICES[name]["profiles"] == ["monitoring"]
    # the Prometheus the rules are tested with (Debian's promtool is 2.42)
    assert re.fullmatch(
        r"prom/prometheus:v2\.\d+\.\d+", SERVICES["prometheus"]["image"]
    )
    assert SERVICES["grafana"]["image"].startswith("grafana/grafana:")
    assert "odoo" in SERVICES["prometheus"]["depends_on"]
    assert "prometheus" in SERVICES["grafana"]["depends_on"]
    # the default route (docker compose up) does not start them
    for name in ("db", "redis", "odoo"):
        assert "profiles" not in SERVICES[name]


def test_named_volumes_are_declared():
    declared = set(COMPOSE["volumes"])
    for service in SERVICES:
        for source in mounts(service).values():
            if not source.startswith(("./", "/")):
                assert source in declared, f"{service}: volume {source} undeclared"
    assert mounts("prometheus")["/prometheus"] == "prometheus-data"
    assert mounts("grafana")["/var/lib/grafana"] == "grafana-data"
    assert option("prometheus", "storage.tsdb.path") == "/prometheus"


def test_mounted_files_exist_and_are_read_only():
    for service in ("prometheus", "grafana"):
        for entry in SERVICES[service]["volumes"]:
            source = entry.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source[2:]).exists(), entry
                assert entry.endswith(":ro"), entry


def test_prometheus_loads_the_shipped_rules_and_scrapes_odoo_with_the_token():
    _path, config = prometheus_config()
    config_dir = PurePosixPath(option("prometheus", "config.file")).parent
    rules = [
        host_path("prometheus", config_dir / name) for name in config["rule_files"]
    ]
    assert ROOT / "config" / "prometheus" / "wx_rules.yml" in rules
    (job,) = config["scrape_configs"]
    assert job["job_name"] == "wanxiang-odoo"  # what WxMetricsNoScrape watches
    assert job["metrics_path"] == "/metrics"
    host, port = job["static_configs"][0]["targets"][0].split(":")
    assert host == "odoo" and f"{port}:{port}" in SERVICES["odoo"]["ports"]
    # the bearer token: a compose secret from WX_METRICS_TOKEN, which the
    # Odoo service reads too (wx_metrics: WX_METRICS_TOKEN overrides [wx_metrics])
    secret = job["authorization"]["credentials_file"]
    assert secret.startswith("/run/secrets/")
    name = secret.rsplit("/", 1)[1]
    assert name in SERVICES["prometheus"]["secrets"]
    assert COMPOSE["secrets"][name] == {"environment": "WX_METRICS_TOKEN"}
    assert "WX_METRICS_TOKEN" in SERVICES["odoo"]["environment"]
    odoo_conf = host_path("odoo", "/etc/odoo/odoo.conf").read_text(encoding="utf-8")
    wide = r"^server_wide_modules = .*\bwx_metrics\b"
    assert re.search(wide, odoo_conf, re.MULTILINE)


@pytest.mark.skipif(not shutil.which("promtool"), reason="promtool missing")
def test_promtool_accepts_the_container_configuration(tmp_path):
    """What the container loads, with a token file where the secret goes."""
    path, config = prometheus_config()
    etc = tmp_path / "etc-prometheus"
    shutil.copytree(path.parent, etc)
    token = tmp_path / "metrics_token"
    token.write_text("token\n")
    config["scrape_configs"][0]["authorization"]["credentials_file"] = str(token)
    (etc / path.name).write_text(yaml.safe_dump(config))
    out = subprocess.run(
        ["promtool", "check", "config", str(etc / path.name)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "SUCCESS" in out.stdout + out.stderr


def test_grafana_is_provisioned_with_prometheus_and_the_dashboard():
    provisioning = host_path("grafana", "/etc/grafana/provisioning")
    (source,) = yaml.safe_load(
        (provisioning / "datasources" / "prometheus.yml").read_text()
    )["datasources"]
    assert source["type"] == "prometheus"
    port = "9090"  # Prometheus's default listen address
    assert source["url"] == f"http://prometheus:{port}"
    assert f"{port}:{port}" in SERVICES["prometheus"]["ports"]
    (provider,) = yaml.safe_load(
        (provisioning / "dashboards" / "wanxiang.yml").read_text()
    )["providers"]
    folder = host_path("grafana", provider["options"]["path"])
    dashboards = sorted(folder.glob("*.json"))
    assert [p.name for p in dashboards] == ["wanxiang-feedback.json"]
    dashboard = json.loads(dashboards[0].read_text())
    uids = {
        panel["datasource"]["uid"]
        for panel in dashboard["panels"]
        if panel.get("datasource")
    }
    assert uids == {source["uid"]}
    # every figure it shows is one wx_metrics exports or a shipped recording rule
    rules = (ROOT / "config" / "prometheus" / "wx_rules.yml").read_text()
    tools = ROOT / "addons" / "wx_metrics" / "tools"
    exported = "".join(p.read_text() for p in tools.glob("*.py"))
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    assert exprs
    for expr in exprs:
        for name in re.findall(r"\b(wx[:_][a-z0-9_:]+)", expr):
            base = re.sub(r"_(bucket|count|sum|total)$", "", name)
            if name.startswith("wx:"):
                assert f"record: {name}" in rules, expr
            else:
                assert f'"{base}"' in exported, expr
