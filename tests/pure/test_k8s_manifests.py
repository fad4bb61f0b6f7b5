# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Kubernetes manifests of deploy/k8s (README "Scaling out"), offline.

Rendered by kustomize (``kustomize build`` or ``kubectl kustomize``, which
reads files only), else the YAML files a kustomization lists are loaded as
they are. Every object of a core kind is validated against the Kubernetes
JSON schemas that ``kubernetes-validate`` ships (strict: an unknown field is
an error); the CloudNativePG objects, whose schemas come with the operator,
are checked by structure. Then the pieces are checked against each other and
against config/odoo.conf.template: which port the websocket goes to, which
pods crons run in, which Secrets exist... Nothing is ever applied to a
cluster. The negative tests break a copy of the manifests one way each and
expect the check to say so.
"""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
# The oldest Kubernetes the manifests are meant for, and the newest whose
# schemas kubernetes-validate has.
KUBE_VERSIONS = ("1.30", kubernetes_validate.utils.latest_version())
CRD_GROUPS = ("postgresql.cnpg.io",)
# Secrets made by hand (README "Scaling out") besides the operator's
# <cluster>-app; each key listed here must be named in README.
MANUAL_SECRETS = {
    "wxf-odoo": {"admin-passwd", "metrics-token", "master-key"},
    "wxf-s3": {"access-key-id", "secret-access-key"},
}
FILESTORE_VARS = {
    "WXF_S3_ENDPOINT_URL",
    "WXF_S3_REGION",
    "WXF_S3_BUCKET",
    "WXF_S3_ACCESS_KEY_ID",
    "WXF_S3_SECRET_ACCESS_KEY",
}
# Fields of the CloudNativePG ClusterSpec (postgresql.cnpg.io/v1) these
# manifests may use; another one is most likely a typo.
CNPG_CLUSTER_FIELDS = {
    "affinity",
    "backup",
    "bootstrap",
    "certificates",
    "description",
    "enablePDB",
    "enableSuperuserAccess",
    "env",
    "envFrom",
    "externalClusters",
    "imageName",
    "inheritedMetadata",
    "instances",
    "logLevel",
    "managed",
    "maxSyncReplicas",
    "minSyncReplicas",
    "monitoring",
    "nodeMaintenanceWindow",
    "postgresql",
    "primaryUpdateMethod",
    "primaryUpdateStrategy",
    "priorityClassName",
    "replica",
    "replicationSlots",
    "resources",
    "smartShutdownTimeout",
    "startDelay",
    "stopDelay",
    "storage",
    "superuserSecret",
    "switchoverDelay",
    "failoverDelay",
    "topologySpreadConstraints",
    "walStorage",
}


# -- rendering ---------------------------------------------------------------


def kustomize_command():
    if shutil.which("kustomize"):
        return ["kustomize", "build"]
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize"]
    return None


def load_listed(folder):
    """The objects of the files a kustomization lists (no patches applied)."""
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    objects = []
    for entry in kustomization.get("resources", []):
        path = (folder / entry).resolve()
        if path.is_dir():
            objects += load_listed(path)
        else:
            try:
                objects += [o for o in yaml.safe_load_all(path.read_text()) if o]
            except yaml.YAMLError as error:
                objects.append({"kind": "RenderError", "error": f"{entry}: {error}"})
    return objects


def render(folder):
    command = kustomize_command()
    if command is None:
        return load_listed(folder)
    out = subprocess.run(
        [*command, str(folder)], capture_output=True, text=True, check=False
    )
    if out.returncode:
        return [{"kind": "RenderError", "error": out.stderr.strip()}]
    return [o for o in yaml.safe_load_all(out.stdout) if o]


# -- checks ------------------------------------------------------------------


def name_of(obj):
    return f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"


def schema_problems(obj):
    if obj.get("kind") == "RenderError":
        return [f"render: {obj['error']}"]
    if obj.get("apiVersion", "").split("/")[0] in CRD_GROUPS:
        return []
    problems = []
    for version in KUBE_VERSIONS:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = "/".join(str(p) for p in error.path)
            problems.append(f"{name_of(obj)} ({version}) {path}: {error.message}")
        except kubernetes_validate.utils.SchemaNotFoundError:
            problems.append(f"{name_of(obj)}: no schema for {obj.get('apiVersion')}")
    return problems


def cnpg_problems(objects):
    problems = []
    clusters = {
        o["metadata"]["name"]: o
        for o in objects
        if o.get("kind") == "Cluster" and o["apiVersion"] == "postgresql.cnpg.io/v1"
    }
    if len(clusters) != 1:
        return [f"one CloudNativePG Cluster expected, found {sorted(clusters)}"]
    for name, cluster in clusters.items():
        spec = cluster.get("spec") or {}
        unknown = set(spec) - CNPG_CLUSTER_FIELDS
        if unknown:
            problems.append(f"Cluster/{name}: unknown fields {sorted(unknown)}")
        if not isinstance(spec.get("instances"), int) or spec["instances"] < 2:
            problems.append(f"Cluster/{name}: instances must be >= 2 (a replica)")
        initdb = (spec.get("bootstrap") or {}).get("initdb") or {}
        if not (initdb.get("database") and initdb.get("owner")):
            problems.append(f"Cluster/{name}: bootstrap.initdb database/owner")
        if not (spec.get("storage") or {}).get("size"):
            problems.append(f"Cluster/{name}: storage.size missing")
        backup = spec.get("backup") or {}
        store = backup.get("barmanObjectStore") or {}
        if not str(store.get("destinationPath", "")).startswith("s3://"):
            problems.append(f"Cluster/{name}: no WAL archive on S3 (destinationPath)")
        credentials = store.get("s3Credentials") or {}
        for key in ("accessKeyId", "secretAccessKey"):
            ref = credentials.get(key) or {}
            if ref.get("key") not in MANUAL_SECRETS.get(ref.get("name"), ()):
                problems.append(f"Cluster/{name}: s3Credentials.{key} {ref}")
        if not (store.get("wal") or {}).get("compression"):
            problems.append(f"Cluster/{name}: barmanObjectStore.wal not configured")
        if not re.fullmatch(r"\d+[dwm]", str(backup.get("retentionPolicy", ""))):
            problems.append(f"Cluster/{name}: retentionPolicy like 30d")
    for backup in (o for o in objects if o.get("kind") == "ScheduledBackup"):
        spec = backup.get("spec") or {}
        target = (spec.get("cluster") or {}).get("name")
        if target not in clusters:
            problems.append(f"{name_of(backup)}: unknown cluster {target}")
        if len(str(spec.get("schedule", "")).split()) != 6:
            problems.append(f"{name_of(backup)}: schedule needs six fields")
    return problems


def odoo_conf(objects):
    for obj in objects:
        if obj.get("kind") == "ConfigMap" and "odoo.conf" in obj.get("data", {}):
            parser = configparser.RawConfigParser()
            parser.read_string(obj["data"]["odoo.conf"])
            return obj["metadata"]["name"], parser
    return None, None


def template_options():
    parser = configparser.RawConfigParser(interpolation=None)
    parser.read(ROOT / "config" / "odoo.conf.template")
    return parser


def by_kind(objects, kind):
    return {o["metadata"]["name"]: o for o in objects if o.get("kind") == kind}


def pod_labels(deployment):
    return deployment["spec"]["template"]["metadata"].get("labels", {})


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def container(deployment):
    return deployment["spec"]["template"]["spec"]["containers"][0]


def env_of(deployment):
    return {e["name"]: e for e in container(deployment).get("env", [])}


def conf_problems(conf):
    problems = []
    options = dict(conf.items("options"))
    expected = template_options().get("options", "server_wide_modules")
    if options.get("server_wide_modules") != expected:
        problems.append(f"server_wide_modules must be {expected!r} as in the template")
    for secret in ("admin_passwd", "db_password"):
        if options.get(secret):
            problems.append(f"odoo.conf holds {secret}: a Secret's job")
    if conf.get("wx_metrics", "token", fallback=""):
        problems.append("odoo.conf holds the /metrics token: a Secret's job")
    if int(options.get("workers", 0)) < 2:
        problems.append("web pods need prefork workers (workers >= 2)")
    if int(options.get("max_cron_threads", 1)) != 0:
        problems.append("max_cron_threads must be 0 in odoo.conf (cron pod only)")
    if options.get("proxy_mode") != "True" or options.get("list_db") != "False":
        problems.append("proxy_mode = True and list_db = False behind the Ingress")
    return problems


def odoo_deployments(objects):
    """The web and the cron Deployment of Odoo (None when not one of each)."""
    found = {"web": [], "cron": []}
    for deployment in by_kind(objects, "Deployment").values():
        labels = pod_labels(deployment)
        if labels.get("app.kubernetes.io/name") == "wxf-odoo":
            found.setdefault(labels.get("app.kubernetes.io/component"), []).append(
                deployment
            )
    if len(found["web"]) != 1 or len(found["cron"]) != 1:
        return None, None
    return found["web"][0], found["cron"][0]


def config_mount_problems(deployment, conf_name):
    label = name_of(deployment)
    main = container(deployment)
    mounted = {
        v["name"]
        for v in deployment["spec"]["template"]["spec"].get("volumes", [])
        if v.get("configMap", {}).get("name") == conf_name
    }
    paths = [
        f"{m['mountPath']}/odoo.conf"
        for m in main.get("volumeMounts", [])
        if m["name"] in mounted
    ]
    args = " ".join(main.get("args", []))
    problems = []
    if not any(f"--config={path}" in args for path in paths):
        problems.append(f"{label}: odoo not started on the mounted odoo.conf")
    if main.get("command") != ["odoo"]:
        problems.append(f"{label}: command must be odoo (not the entrypoint)")
    return problems


def secret_problems(deployment, secret_names):
    label = name_of(deployment)
    problems = []
    for name, entry in env_of(deployment).items():
        ref = (entry.get("valueFrom") or {}).get("secretKeyRef")
        if not ref:
            continue
        if ref["name"] not in secret_names:
            problems.append(f"{label}: {name} from unknown Secret {ref['name']}")
        elif ref["key"] not in MANUAL_SECRETS.get(ref["name"], {ref["key"]}):
            problems.append(f"{label}: {name} unknown key {ref['key']}")
    return problems


def secret_of(deployment, variable):
    entry = env_of(deployment).get(variable) or {}
    return entry.get("valueFrom", {}).get("secretKeyRef", {}).get("name")


def pod_problems(objects, deployment, conf_name):
    label = name_of(deployment)
    main = container(deployment)
    problems = config_mount_problems(deployment, conf_name)
    for probe in ("livenessProbe", "readinessProbe"):
        path = (main.get(probe) or {}).get("httpGet", {}).get("path", "")
        if not path.startswith("/web/health"):
            problems.append(f"{label}: {probe} must GET /web/health")
    resources = main.get("resources") or {}
    if not (resources.get("requests") and resources.get("limits")):
        problems.append(f"{label}: resources requests and limits")
    app_secrets = {f"{n}-app" for n in by_kind(objects, "Cluster")}
    problems += secret_problems(deployment, set(MANUAL_SECRETS) | app_secrets)
    if secret_of(deployment, "WX_METRICS_TOKEN") != "wxf-odoo":
        problems.append(f"{label}: WX_METRICS_TOKEN must come from Secret wxf-odoo")
    if secret_of(deployment, "PGPASSWORD") not in app_secrets:
        problems.append(f"{label}: PGPASSWORD from the CloudNativePG app Secret")
    config_maps = by_kind(objects, "ConfigMap")
    settings = set(env_of(deployment))
    for ref in main.get("envFrom", []):
        name = ref.get("configMapRef", {}).get("name")
        settings |= set(config_maps.get(name, {}).get("data", {}))
    missing = FILESTORE_VARS - settings
    if missing:
        problems.append(f"{label}: S3 filestore settings missing {sorted(missing)}")
    return problems


def cron_problems(web, cron):
    problems = []
    web_env, cron_env = env_of(web), env_of(cron)
    if "ODOO_WORKERS" in web_env or "ODOO_MAX_CRON_THREADS" in web_env:
        problems.append("web pods must take workers/max_cron_threads from odoo.conf")
    if cron_env.get("ODOO_WORKERS", {}).get("value") != "0":
        problems.append("cron pod: ODOO_WORKERS must be 0 (no HTTP workers)")
    if int(cron_env.get("ODOO_MAX_CRON_THREADS", {}).get("value") or 0) < 1:
        problems.append("cron pod: ODOO_MAX_CRON_THREADS must be >= 1")
    secret_env = {n for n, e in web_env.items() if "valueFrom" in e}
    if secret_env != {n for n, e in cron_env.items() if "valueFrom" in e}:
        problems.append("web and cron pods must get the same Secrets")
    return problems


def odoo_problems(objects):
    conf_name, conf = odoo_conf(objects)
    if conf is None:
        return ["no ConfigMap with odoo.conf"]
    problems = conf_problems(conf)
    web, cron = odoo_deployments(objects)
    if web is None:
        return [*problems, "one web and one cron Deployment of wxf-odoo expected"]
    for deployment in (web, cron):
        problems += pod_problems(objects, deployment, conf_name)
    problems += cron_problems(web, cron)
    options = dict(conf.items("options"))
    problems += ingress_problems(objects, options, web, cron)
    problems += scaling_problems(objects, web)
    problems += backend_problems(objects, conf)
    return problems


def service_target(service, port_ref):
    """The targetPort of the Service port named or numbered ``port_ref``."""
    for port in service["spec"].get("ports", []):
        if port_ref in (port.get("name"), port.get("port")):
            return port.get("targetPort", port.get("port"))
    return None


def container_port(deployment, target):
    for port in container(deployment).get("ports", []):
        if target in (port.get("name"), port.get("containerPort")):
            return port["containerPort"]
    return None


def selecting(services, deployment):
    labels = pod_labels(deployment)
    return [s for s in services if selects(s["spec"].get("selector"), labels)]


def ingress_problems(objects, options, web, cron):
    problems = []
    services = by_kind(objects, "Service")
    web_services = selecting(services.values(), web)
    if selecting(services.values(), cron):
        problems.append("a Service selects the cron pod")
    expected = {
        "/websocket": int(options.get("gevent_port", 8072)),
        "/": int(options.get("http_port", 8069)),
    }
    ingresses = by_kind(objects, "Ingress").values()
    if not ingresses:
        problems.append("no Ingress")
    for ingress in ingresses:
        seen = {}
        paths = [
            path
            for rule in ingress["spec"].get("rules", [])
            for path in rule.get("http", {}).get("paths", [])
        ]
        for path in paths:
            backend = path["backend"]["service"]
            service = services.get(backend["name"])
            if service not in web_services:
                problems.append(f"{name_of(ingress)}: {path['path']} not to web")
                continue
            port = backend["port"].get("name", backend["port"].get("number"))
            seen[path["path"]] = container_port(web, service_target(service, port))
        problems += [
            f"{name_of(ingress)}: {path} reaches port {seen.get(path)}, not {port}"
            for path, port in expected.items()
            if seen.get(path) != port
        ]
    return problems


def int_or_zero(value):
    """A count of pods; 0 for a percentage ("50%" always lets one pod go)."""
    return value if isinstance(value, int) else 0


def scaling_problems(objects, web):
    problems = []
    hpas = by_kind(objects, "HorizontalPodAutoscaler")
    web_name = web["metadata"]["name"]
    targets = [h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()]
    if targets != [web_name]:
        problems.append(f"one HorizontalPodAutoscaler of {web_name}: {targets}")
    if "replicas" in web["spec"]:
        problems.append(f"{web_name}: replicas belong to the HorizontalPodAutoscaler")
    pdbs = [
        p
        for p in by_kind(objects, "PodDisruptionBudget").values()
        if selects(p["spec"]["selector"].get("matchLabels"), pod_labels(web))
    ]
    if len(pdbs) != 1:
        problems.append(f"one PodDisruptionBudget of the web pods, found {len(pdbs)}")
    elif hpas and int_or_zero(pdbs[0]["spec"].get("minAvailable")) >= min(
        h["spec"].get("minReplicas", 1) for h in hpas.values()
    ):
        problems.append("PodDisruptionBudget minAvailable blocks every drain")
    return problems


def backend_problems(objects, conf):
    problems = []
    clusters = list(by_kind(objects, "Cluster"))
    if clusters and (
        conf.get("options", "db_host", fallback="") != f"{clusters[0]}-rw"
        or conf.get("options", "db_replica_host", fallback="") != f"{clusters[0]}-ro"
    ):
        problems.append("db_host/db_replica_host must be the Cluster's -rw/-ro")
    redis_url = conf.get("wx_feedback", "redis_url", fallback="")
    host = re.match(r"redis://([^:/]+)", redis_url)
    redis = by_kind(objects, "Service").get(host.group(1)) if host else None
    deployments = by_kind(objects, "Deployment").values()
    if not redis or not any(selecting([redis], d) for d in deployments):
        problems.append(f"redis_url {redis_url!r} is not a Service of a Redis pod")
    claims = set(by_kind(objects, "PersistentVolumeClaim"))
    for deployment in deployments:
        for volume in deployment["spec"]["template"]["spec"].get("volumes", []):
            claim = volume.get("persistentVolumeClaim", {}).get("claimName")
            if claim and claim not in claims:
                problems.append(f"{name_of(deployment)}: no claim {claim}")
    return problems


def check(folder):
    objects = render(folder)
    problems = []
    for obj in objects:
        problems += schema_problems(obj)
    if problems:
        # the checks below assume the objects are well-formed
        return problems
    return problems + cnpg_problems(objects) + odoo_problems(objects)


# -- tests -------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["base", "overlays/example"])
def test_manifests_validate(folder):
    assert check(K8S / folder) == []


def test_rendered_by_kustomize_here():
    """This machine has kustomize (kubectl's): the overlay's patches are
    applied, not only its files loaded."""
    assert kustomize_command(), "kustomize or kubectl expected on this machine"
    objects = render(K8S / "overlays" / "example")
    namespaces = {o["metadata"].get("namespace") for o in objects}
    assert namespaces == {"wxf", None}  # None: the Namespace itself
    ingress = by_kind(objects, "Ingress")["wxf-web"]
    assert ingress["spec"]["tls"][0]["hosts"] == [ingress["spec"]["rules"][0]["host"]]
    cluster = by_kind(objects, "Cluster")["wxf-pg"]
    assert cluster["spec"]["backup"]["barmanObjectStore"]["endpointURL"].startswith(
        "https://"
    )


def test_readme_names_secrets_and_filestore_addon():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Scaling out") :]
    for secret, keys in MANUAL_SECRETS.items():
        assert secret in section
        for key in keys:
            assert key in section, key
    assert "fs_attachment_s3" in section
    for name in FILESTORE_VARS:
        assert name in section, name


BOTH = ("base", "overlays/example")
# name: (file, text, its replacement, folders to render, expected problem)
BREAKAGES = {
    "port not an integer": (
        "base/web-deployment.yaml",
        "containerPort: 8069",
        'containerPort: "8069"',
        BOTH,
        "containerPort: '8069' is not of type 'integer'",
    ),
    "misspelt field": (
        "base/web-deployment.yaml",
        "          readinessProbe:",
        "          readinesProbe:",
        BOTH,
        "Additional properties are not allowed ('readinesProbe' was unexpected)",
    ),
    "unknown apiVersion": (
        "base/web-hpa.yaml",
        "autoscaling/v2",
        "autoscaling/v9",
        BOTH,
        "no schema",
    ),
    # (the overlay's JSON patch would put a destinationPath back)
    "no WAL archive": (
        "base/postgres-cluster.yaml",
        "      destinationPath: s3://wxf-pg-backups/wxf-pg\n",
        "",
        ("base",),
        "no WAL archive",
    ),
    "no replica": (
        "base/postgres-cluster.yaml",
        "instances: 2",
        "instances: 1",
        BOTH,
        "instances must be >= 2",
    ),
    "websocket to the HTTP workers": (
        "base/ingress.yaml",
        "                  name: websocket",
        "                  name: http",
        ("base",),
        "/websocket reaches port 8069",
    ),
    "websocket to the HTTP workers (overlay)": (
        "overlays/example/ingress-host.yaml",
        "                  name: websocket",
        "                  name: http",
        ("overlays/example",),
        "/websocket reaches port 8069",
    ),
    "crons off in the cron pod": (
        "base/cron-deployment.yaml",
        'name: ODOO_MAX_CRON_THREADS\n              value: "2"',
        'name: ODOO_MAX_CRON_THREADS\n              value: "0"',
        BOTH,
        "ODOO_MAX_CRON_THREADS must be >= 1",
    ),
    "wx_metrics not server-wide": (
        "base/odoo-config.yaml",
        "server_wide_modules = base,rpc,web,wx_metrics",
        "server_wide_modules = base,rpc,web",
        BOTH,
        "server_wide_modules",
    ),
    "metrics token in plain text": (
        "base/odoo-config.yaml",
        "    allowed_ips =\n",
        "    allowed_ips =\n    token = s3cr3t\n",
        BOTH,
        "/metrics token",
    ),
    "PDB of no pod": (
        "base/web-pdb.yaml",
        "      app.kubernetes.io/component: web",
        "      app.kubernetes.io/component: webb",
        BOTH,
        "one PodDisruptionBudget",
    ),
    "Secret unknown": (
        "base/web-deployment.yaml",
        "                  name: wxf-s3\n                  key: access-key-id",
        "                  name: wxf-s4\n                  key: access-key-id",
        BOTH,
        "WXF_S3_ACCESS_KEY_ID from unknown Secret wxf-s4",
    ),
    "broken YAML": (
        "base/redis.yaml",
        "  replicas: 1\n",
        "  replicas: [1\n",
        BOTH,
        "render:",
    ),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_broken_copy_is_refused(tmp_path, breakage):
    path, old, new, folders, expected = BREAKAGES[breakage]
    copy = tmp_path / "k8s"
    shutil.copytree(K8S, copy)
    target = copy / path
    text = target.read_text()
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    target.write_text(text.replace(old, new))
    for folder in folders:
        problems = check(copy / folder)
        assert any(expected in p for p in problems), (folder, problems)


def test_without_kustomize_the_listed_files_are_checked(tmp_path, monkeypatch):
    """The fallback of a machine without kustomize: the files of the base
    load as they are, and a broken one is still refused."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert kustomize_command() is None
    assert check(K8S / "base") == []
    copy = tmp_path / "k8s"
    shutil.copytree(K8S, copy)
    target = copy / "base" / "web-pdb.yaml"
    target.write_text(target.read_text().replace("  selector:", "  selectr:"))
    problems = check(copy / "base")
    assert any("PodDisruptionBudget/wxf-web" in p for p in problems), problems
