#!/usr/bin/env bash
# Prove that a backup restores: make a database with the demo data and its files,
# back both up the way README.md documents (pg_dump -Fc, tar of the media folder),
# restore them into a new database and folder, and compare every table's row count
# and every file's checksum. Run by CI on PostgreSQL (.ci/run).
#
# Needs: pg_dump, pg_restore, createdb, dropdb, psql on PATH and a server reachable
# with PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432, postgres).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
source_db="tracker_backup_source_$$"
restored_db="tracker_backup_restored_$$"
work=$(mktemp -d)

cleanup() {
  dropdb --if-exists "$source_db" || true
  dropdb --if-exists "$restored_db" || true
  rm -rf "$work"
}
trap cleanup EXIT

database_url() { echo "postgres://$PGUSER@$PGHOST:$PGPORT/$1"; }

row_counts() {
  local tables
  tables=$(psql -At -d "$1" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
  for table in $tables; do
    printf '%s %s\n' "$table" "$(psql -At -d "$1" -c "SELECT count(*) FROM \"$table\"")"
  done
}

file_checksums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum); }

echo "Creating $source_db with the demo data"
createdb "$source_db"
export DJANGO_DEBUG=1 DJANGO_MEDIA_ROOT="$work/media"
DATABASE_URL=$(database_url "$source_db") "$PYTHON" manage.py migrate --no-input -v 0
DATABASE_URL=$(database_url "$source_db") "$PYTHON" manage.py load_demo >/dev/null

echo "Backing up: pg_dump -Fc and a tar of the media folder"
pg_dump -Fc --no-owner -f "$work/tracker.dump" "$source_db"
tar -czf "$work/media.tar.gz" -C "$work/media" .

echo "Restoring into $restored_db and a new media folder"
createdb "$restored_db"
pg_restore --no-owner --exit-on-error -d "$restored_db" "$work/tracker.dump"
mkdir "$work/media-restored"
tar -xzf "$work/media.tar.gz" -C "$work/media-restored"

echo "Comparing"
row_counts "$source_db" >"$work/source-counts"
row_counts "$restored_db" >"$work/restored-counts"
diff -u "$work/source-counts" "$work/restored-counts"
rows=$(awk '{ total += $2 } END { print total }' "$work/source-counts")
[ "$rows" -gt 0 ] || { echo "The source database is empty: nothing was tested" >&2; exit 1; }
file_checksums "$work/media" >"$work/source-files"
file_checksums "$work/media-restored" >"$work/restored-files"
diff -u "$work/source-files" "$work/restored-files"
[ -s "$work/source-files" ] || { echo "The demo made no files: nothing was tested" >&2; exit 1; }
DJANGO_MEDIA_ROOT="$work/media-restored" DATABASE_URL=$(database_url "$restored_db") \
  "$PYTHON" manage.py migrate --check -v 0

echo "Backup restored: $(wc -l <"$work/source-counts") tables, $rows rows, $(wc -l <"$work/source-files") files match."
