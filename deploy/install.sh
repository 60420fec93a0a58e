#!/bin/sh
# Install Airflow 3.3 and the eCandidat batches into the Python environment that `python` runs (an
# activated virtualenv, or the official image: deploy/Dockerfile runs this same script), then place
# the package's folders under ECB_PREFIX. docs/admin/installation.md is the guide; a test follows it.
#
#   ECB_PREFIX       where dags/, plugins/, include/ and webserver_config.py go (/opt/ecandidat-batches)
#   ECB_CONSTRAINTS  Airflow's constraints file for Airflow itself (default: Airflow's own, for this
#                    Python; the tests use requirements.lock, since they cannot reach that server)
#
# A worker that runs BATCH_DESIST_AUTO also needs LibreOffice and its Python module, from Debian
# (apt-get install libreoffice-writer-nogui python3-uno): they make the admission letters' PDF.
set -eu

AIRFLOW_VERSION=3.3.2
SRC=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${ECB_PREFIX:-/opt/ecandidat-batches}
PYTHON_VERSION=$(python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
CONSTRAINTS=${ECB_CONSTRAINTS:-https://raw.githubusercontent.com/apache/airflow/constraints-$AIRFLOW_VERSION/constraints-$PYTHON_VERSION.txt}

echo "== Airflow $AIRFLOW_VERSION (constraints: $CONSTRAINTS)"
python -m pip install --quiet "apache-airflow==$AIRFLOW_VERSION" --constraint "$CONSTRAINTS"

# Airflow stays pinned (pip may not move it); the providers, drivers and clients of the batches come
# in the versions the tests ran (requirements.lock), which also aligns what they share with Airflow.
echo "== the batches' requirements (deploy/requirements.txt, versions of requirements.lock)"
python -m pip install --quiet "apache-airflow==$AIRFLOW_VERSION" \
    --requirement "$SRC/deploy/requirements.txt" --constraint "$SRC/requirements.lock"
python -m pip check

# The folders Airflow reads ([core] dags_folder, plugins_folder; include/sql beside plugins/, found by
# the package itself). Copied beside the old ones, then swapped in: a DAG processor never sees an
# empty folder (it would take the batches for deleted).
echo "== the package's folders into $PREFIX"
mkdir -p "$PREFIX"
staging=$(mktemp -d "$PREFIX/.install.XXXXXX")
trap 'rm -rf "$staging"' EXIT
for folder in dags plugins include; do
    cp -R "$SRC/$folder" "$staging/$folder"
done
find "$staging" -name __pycache__ -type d -prune -exec rm -rf {} +

cp "$SRC/deploy/webserver_config.py" "$SRC/airflow.cfg.example" "$staging/"
for item in dags plugins include webserver_config.py airflow.cfg.example; do
    rm -rf "$PREFIX/$item.old"
    if [ -e "$PREFIX/$item" ]; then mv "$PREFIX/$item" "$PREFIX/$item.old"; fi
    mv "$staging/$item" "$PREFIX/$item"
    rm -rf "$PREFIX/$item.old"
done
# The admission letters' converter: LibreOffice's soffice and the Python that has its uno module
# ([ecandidat] letter_python, /usr/bin/python3 by default). Said, not required: only the workers
# that make letters need them.
if command -v soffice >/dev/null 2>&1 && /usr/bin/python3 -c 'import uno' >/dev/null 2>&1; then
    echo "== LibreOffice found: the admission letters can be made on this machine"
else
    echo "== note: LibreOffice or python3-uno missing here: a worker that runs BATCH_DESIST_AUTO needs"
    echo "   apt-get install libreoffice-writer-nogui python3-uno (the admission letters' PDF)"
fi
echo "== installed: Airflow $AIRFLOW_VERSION and the batches in $PREFIX"
