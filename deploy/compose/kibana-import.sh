#!/bin/sh
# One-shot: import the Kibana saved objects (data view, searches, dashboard,
# map) from deploy/kibana/*.ndjson, mounted at /kibana. Run by the
# kibana-import service of docker-compose.yml once Kibana is healthy;
# overwrite=true makes a second run replace the objects instead of failing.
set -eu

: "${ELASTIC_PASSWORD:?ELASTIC_PASSWORD is not set}"
kibana_url=${KIBANA_URL:-http://kibana:5601}

found=0
for file in /kibana/*.ndjson; do
    [ -e "$file" ] || continue
    found=1
    # kbn-xsrf is required on every Kibana API write; its value does not matter
    if ! response=$(curl -sS --fail-with-body \
        -u "elastic:${ELASTIC_PASSWORD}" \
        -H 'kbn-xsrf: newsflow' \
        -X POST "${kibana_url}/api/saved_objects/_import?overwrite=true" \
        --form "file=@${file}"); then
        echo "kibana-import: ${file}: ${response}" >&2
        exit 1
    fi
    case $response in
        *'"success":true'*) echo "kibana-import: ${file}: imported" ;;
        *)
            echo "kibana-import: ${file}: Kibana reported errors: ${response}" >&2
            exit 1
            ;;
    esac
done

if [ "$found" -eq 0 ]; then
    echo "kibana-import: no *.ndjson in deploy/kibana/, nothing to import"
fi
