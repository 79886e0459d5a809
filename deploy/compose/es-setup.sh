#!/usr/bin/env bash
# One-shot: give the built-in kibana_system user the password Kibana logs in
# with (KIBANA_PASSWORD), using the elastic superuser (ELASTIC_PASSWORD).
# Run by the es-setup service of docker-compose.yml once Elasticsearch is
# healthy; safe to run again (it sets the same password).
set -euo pipefail

: "${ELASTIC_PASSWORD:?ELASTIC_PASSWORD is not set}"
: "${KIBANA_PASSWORD:?KIBANA_PASSWORD is not set}"
es_url=${ES_URL:-http://elasticsearch:9200}

# the password goes into a JSON string: escape backslashes and quotes
password=${KIBANA_PASSWORD//\\/\\\\}
password=${password//\"/\\\"}

for attempt in $(seq 1 30); do
    status=$(curl -sS -o /tmp/es-setup.out -w '%{http_code}' \
        -u "elastic:${ELASTIC_PASSWORD}" \
        -H 'Content-Type: application/json' \
        -X POST "${es_url}/_security/user/kibana_system/_password" \
        -d "{\"password\":\"${password}\"}") || status=000
    case $status in
        200)
            echo "es-setup: kibana_system password set"
            exit 0
            ;;
        401)
            echo "es-setup: Elasticsearch rejected the elastic user's password (HTTP 401)." >&2
            echo "es-setup: ELASTIC_PASSWORD in .env must match the one the node was started with." >&2
            exit 1
            ;;
        400)
            # a password ES refuses (too short, ...) will not get better by waiting
            echo "es-setup: Elasticsearch refused KIBANA_PASSWORD: $(cat /tmp/es-setup.out)" >&2
            exit 1
            ;;
    esac
    # 000 (no connection) or 503 (security index not ready yet): wait and retry
    echo "es-setup: attempt ${attempt}: HTTP ${status}, retrying in 2 s"
    sleep 2
done
echo "es-setup: gave up setting the kibana_system password: $(cat /tmp/es-setup.out 2>/dev/null)" >&2
exit 1
