#!/bin/bash
# Create the demo database on first start (Chinese company, CNY, zh_CN +
# es_ES, all wx addons with demo data), then serve it on port 8069.
set -euo pipefail
DB=${WX_DB:-wxf_demo}
CONN=(--db_host "${HOST:-db}" --db_port "${PORT:-5432}" --db_user "${USER:-odoo}" --db_password "${PASSWORD:-odoo}")
ADDONS_PATH=/mnt/extra-addons,/opt/oca/odoo/addons

# the encryption master key lives in the odoo-data volume, not in the database
KEY=/var/lib/odoo/master.key
if [ ! -s "$KEY" ]; then
    (umask 077 && python3 -c "import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())" > "$KEY")
fi

until pg_isready -q -h "${HOST:-db}" -p "${PORT:-5432}"; do sleep 1; done
if ! PGPASSWORD="${PASSWORD:-odoo}" psql -h "${HOST:-db}" -p "${PORT:-5432}" -U "${USER:-odoo}" \
        -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='${DB}'" | grep -q 1; then
    odoo db "${CONN[@]}" --addons-path "$ADDONS_PATH" init "$DB" --with-demo --country CN --language zh_CN
    odoo "${CONN[@]}" --addons-path "$ADDONS_PATH" -d "$DB" \
        -i wx_feedback,wx_nlp,wx_sla,wx_churn,wx_push,wx_crm,wx_delivery,wx_insight --load-language es_ES --stop-after-init
fi
echo "Odoo demo on http://localhost:8069 (database ${DB}); logins in README.md"
exec odoo "${CONN[@]}" --addons-path "$ADDONS_PATH" -d "$DB" --db-filter "^${DB}\$"
