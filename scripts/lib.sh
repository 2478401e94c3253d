# Helpers sourced by the scripts in this directory (not run on its own). The sourcing
# script sets SCRIPT_TAG, the name its messages start with.
#
# All output goes to stderr; only a script's final result goes to the original stdout,
# which stays open as descriptor 3.
exec 3>&1 1>&2

log() { printf '[%s] %s\n' "$SCRIPT_TAG" "$*" >&2; }
die() {
    printf '[%s] ERROR: %s\n' "$SCRIPT_TAG" "$*" >&2
    exit 1
}
# The sourcing script's header comment, from its second line to `set -euo`.
usage() {
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[1]}" >&2
}
