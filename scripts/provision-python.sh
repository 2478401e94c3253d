#!/usr/bin/env bash
# Provision a CPython (3.15 by default) venv for building and testing abide.
#
# Usage: scripts/provision-python.sh [VERSION] [--dbg]
#   VERSION  3.15 (default), 3.14, 3.13, 3.12, 3.11, or 3.15t (the free-threaded build)
#   --dbg    use the Py_DEBUG build (python3.X-dbg; has sys.gettotalrefcount()); for
#            3.15, 3.14, 3.13 and 3.11 (3.12 has none here)
#
# The LAST line on stdout is the absolute path of a venv python with pip
# installed; all progress output goes to stderr:
#   PY=$(scripts/provision-python.sh 3.15 | tail -n1)
#
# Base interpreter, first match wins:
#   1. $ABIDE_PYTHON (only for 3.15 without --dbg; must be a working 3.15)
#   2. python3.X (python3.X-dbg with --dbg) on PATH, if it works
#   3. Debian sid's python3.X packages, extracted into
#      .cache/python/prefix-VER[-dbg] (needs root: adds a low-pinned sid apt
#      source derived from /etc/apt/sources.list.d/debian.sources, installs
#      patchelf). Nothing gets installed from sid; packages are only downloaded
#      and unpacked, the interpreter is patched to use the unpacked sid libc.
#
# For 3.11 and 3.12 (GIL builds), first match wins:
#   1. python3.X on PATH that really is 3.X (a pyenv shim may run another version or
#      fail; each python3.X on PATH is tried in order)
#   2. ${PYENV_ROOT:-$HOME/.pyenv}/versions/3.X.*/bin/python3.X, newest patch first
# With --dbg (3.11 only): python3.11-dbg on PATH, else Debian bookworm's python3.11-dbg,
# installed with apt-get (needs root; refused if apt would remove a package).
#
# For 3.15t (free-threaded; no registry serves one), first match wins:
#   1. $ABIDE_PYTHON_FT
#   2. python3.15t on PATH
#   3. the archive in ../shared/python/ (beside the repository), unpacked into
#      .cache/python/python3.15t
# and the interpreter must report sys._is_gil_enabled() == False. Where none is
# found the script says so and exits 1.
#
# The venv lives in .cache/python/venv-VER[-dbg]; re-runs with a working venv
# return immediately.
set -euo pipefail

SCRIPT_TAG=provision-python
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VERSION=3.15
DBG=0
for arg in "$@"; do
    case "$arg" in
    --dbg) DBG=1 ;;
    3.11 | 3.12 | 3.13 | 3.14 | 3.15 | 3.15t) VERSION=$arg ;;
    -h | --help)
        usage
        exit 0
        ;;
    *) die "unknown argument '$arg' (expected 3.11, 3.12, 3.13, 3.14, 3.15, 3.15t and/or --dbg)" ;;
    esac
done

FT=0
if [[ $VERSION == *t ]]; then
    FT=1
    ((!DBG)) || die "there is no debug build of the free-threaded $VERSION"
fi
MINOR=${VERSION#3.}
MINOR=${MINOR%t}
# 3.11 and 3.12 come from PATH, pyenv or (3.11's debug build) bookworm, never from sid.
OLD=0
if ((MINOR < 13)); then
    OLD=1
    ((!DBG || MINOR == 11)) || die "there is no debug build of Python $VERSION to provision"
fi
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(dirname "$SCRIPT_DIR")
# Resolved, so a checkout whose .cache is a symlink (a git worktree sharing it) sees the
# same venv stamps as the checkout that owns it.
mkdir -p "$REPO/.cache/python"
CACHE=$(cd "$REPO/.cache/python" && pwd -P)
MA=x86_64-linux-gnu

if ((DBG)); then
    TAG=$VERSION-dbg
    PYNAME=python$VERSION-dbg
    IS_DBG=True
else
    TAG=$VERSION
    PYNAME=python$VERSION
    IS_DBG=False
fi
PREFIX=$CACHE/prefix-$TAG
VENV=$CACHE/venv-$TAG
VENV_PY=$VENV/bin/python
STAMP=.abide-provisioned

# --- choosing the base interpreter -----------------------------------------

# Does "$1" run and is it the requested version (and debug-ness for --dbg)?
python_matches() {
    "$1" -c "import sys
ok = sys.version_info[:2] == (3, $MINOR)
# A free-threaded build for 3.15t (and nothing else), with the GIL really off.
gil_off = not getattr(sys, '_is_gil_enabled', lambda: True)()
ok = ok and gil_off == bool($FT)
if $IS_DBG:
    ok = ok and hasattr(sys, 'gettotalrefcount')
sys.exit(0 if ok else 1)" >/dev/null 2>&1
}

KIND= # external | path | provisioned | archive | apt
BASE=
# The free-threaded interpreter: ABIDE_PYTHON_FT, python3.15t on PATH, or the archive
# in ../shared/python/.
FT_ARCHIVE_DIR=$(dirname "$REPO")/shared/python
FT_HOME=$CACHE/python$VERSION
choose_base_ft() {
    if [[ -n ${ABIDE_PYTHON_FT:-} ]]; then
        python_matches "$ABIDE_PYTHON_FT" ||
            die "ABIDE_PYTHON_FT=$ABIDE_PYTHON_FT does not run, or is not a free-threaded Python $VERSION with the GIL disabled"
        KIND=external BASE=$ABIDE_PYTHON_FT
        return
    fi
    local cmd
    if cmd=$(command -v "python$VERSION" 2>/dev/null); then
        case "$(readlink -f "$cmd")" in
        "$CACHE"/*) ;;
        *)
            if python_matches "$cmd"; then
                KIND=path BASE=$cmd
                return
            fi
            log "$cmd does not work or has the GIL enabled; ignoring it"
            ;;
        esac
    fi
    ARCHIVE=$FT_ARCHIVE_DIR/cpython-$VERSION-x86_64-linux-gnu.tar.xz
    [[ -f $ARCHIVE ]] ||
        die "no free-threaded Python $VERSION found: set ABIDE_PYTHON_FT, put python$VERSION on PATH, or provide $FT_ARCHIVE_DIR/cpython-$VERSION-x86_64-linux-gnu.tar.xz"
    KIND=archive BASE=$FT_HOME/bin/python$VERSION
}

# Unpacks the archive (checked against its .sha256 when there is one) into $FT_HOME.
provision_archive() {
    if [[ -f $ARCHIVE.sha256 ]]; then
        local want have
        want=$(awk '{print $1; exit}' "$ARCHIVE.sha256")
        have=$(sha256sum "$ARCHIVE" | awk '{print $1}')
        [[ $want == "$have" ]] || die "$ARCHIVE does not match its checksum"
    fi
    log "unpacking $ARCHIVE"
    local tmp
    tmp=$(mktemp -d "$CACHE/tmp.XXXXXX")
    TMPDIRS+=("$tmp")
    tar -xJf "$ARCHIVE" -C "$tmp" || die "unpacking $ARCHIVE failed"
    [[ -x $tmp/python$VERSION/bin/python$VERSION ]] || die "$ARCHIVE has no python$VERSION/bin/python$VERSION"
    rm -rf "$FT_HOME"
    mv "$tmp/python$VERSION" "$FT_HOME"
    python_matches "$BASE" || die "$BASE (from $ARCHIVE) does not run or has the GIL enabled"
    : >"$FT_HOME/$STAMP"
}

# 3.11 / 3.12: each python3.X on PATH (a pyenv shim may run another version or fail),
# then pyenv's versions, newest patch first. With --dbg: python3.11-dbg on PATH, else
# bookworm's package.
choose_base_old() {
    local cmd
    while read -r cmd; do
        [[ -n $cmd ]] || continue
        case "$(readlink -f "$cmd")" in
        "$CACHE"/*) continue ;;
        esac
        if python_matches "$cmd"; then
            # The interpreter itself, not a shim whose answer depends on pyenv's settings.
            KIND=path BASE=$("$cmd" -c 'import sys; print(sys.executable)')
            return
        fi
        log "$cmd does not work or is not the right build; ignoring it"
    done < <(type -aP "$PYNAME" 2>/dev/null | awk '!seen[$0]++')
    if ((DBG)); then
        KIND=apt BASE=/usr/bin/$PYNAME
        return
    fi
    local root=${PYENV_ROOT:-$HOME/.pyenv}
    while read -r cmd; do
        [[ -n $cmd ]] || continue
        if python_matches "$cmd"; then
            KIND=path BASE=$cmd
            return
        fi
        log "$cmd does not work; ignoring it"
    done < <(compgen -G "$root/versions/$VERSION.*/bin/$PYNAME" | sort -rV)
    die "no Python $VERSION found: put a working $PYNAME on PATH or install it with pyenv (looked in $root/versions/$VERSION.*)"
}

# Installs bookworm's python3.X-dbg with apt-get, unless that would remove a package.
provision_apt_dbg() {
    [[ $(id -u) == 0 ]] || die "installing $PYNAME needs root (apt-get); put $PYNAME on PATH"
    local plan
    plan=$(apt-get install -s --no-install-recommends "$PYNAME" 2>&1) ||
        die "apt-get cannot install $PYNAME:"$'\n'"$plan"
    if grep -q '^Remv ' <<<"$plan"; then
        die "installing $PYNAME would remove packages; not doing it:"$'\n'"$(grep '^Remv ' <<<"$plan")"
    fi
    log "installing $PYNAME with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$PYNAME" >&2 ||
        die "apt-get install $PYNAME failed"
    python_matches "$BASE" || die "$BASE (from apt) does not run or is not a Py_DEBUG $VERSION"
}

choose_base() {
    if ((FT)); then
        choose_base_ft
        return
    fi
    if ((OLD)); then
        choose_base_old
        return
    fi
    if [[ -n ${ABIDE_PYTHON:-} ]]; then
        if [[ $VERSION == 3.15 ]] && ((!DBG)); then
            python_matches "$ABIDE_PYTHON" ||
                die "ABIDE_PYTHON=$ABIDE_PYTHON does not run or is not Python $VERSION"
            KIND=external BASE=$ABIDE_PYTHON
            return
        fi
        log "ABIDE_PYTHON is only used for 3.15 without --dbg; ignoring it"
    fi
    local cmd
    if cmd=$(command -v "$PYNAME" 2>/dev/null); then
        case "$(readlink -f "$cmd")" in
        "$CACHE"/*) ;; # our own venv/prefix (e.g. an activated venv): not a base
        *)
            if python_matches "$cmd"; then
                KIND=path BASE=$cmd
                return
            fi
            log "$cmd does not work or is not the right build; ignoring it"
            ;;
        esac
    fi
    KIND=provisioned BASE=$PREFIX/usr/bin/$PYNAME
}

# Is the cached venv complete, built from $BASE, and working?  Prints
# sys.version to stderr on success.
venv_ok() {
    [[ -f $VENV/$STAMP && $(<"$VENV/$STAMP") == "$BASE" ]] || return 1
    if [[ $KIND == provisioned ]]; then
        [[ -f $PREFIX/$STAMP ]] || return 1
    fi
    if [[ $KIND == archive ]]; then
        [[ -f $FT_HOME/$STAMP ]] || return 1
    fi
    python_matches "$VENV_PY" || return 1
    "$VENV_PY" -c 'import sys, pip; print("Python", sys.version, file=sys.stderr)' 2>&1 >/dev/null |
        sed 's/^/[provision-python] /' >&2
    return "${PIPESTATUS[0]}"
}

finish() {
    log "using $VENV_PY"
    printf '%s\n' "$VENV_PY" >&3
    exit 0
}

# --- apt: sid source -----------------------------------------------------------

SID_SOURCES=/etc/apt/sources.list.d/abide-sid.sources
SID_PREFS=/etc/apt/preferences.d/abide-sid

# Print "URIs: ..." and optionally "Signed-By: ..." of the system's main Debian
# archive (first enabled non-security deb stanza of debian.sources).
system_archive() {
    local f=/etc/apt/sources.list.d/debian.sources
    if [[ -r $f ]]; then
        awk '
        BEGIN { RS = ""; FS = "\n" }
        {
            types = ""; uris = ""; suites = ""; signed = ""; enabled = "yes"; cur = ""
            for (i = 1; i <= NF; i++) {
                line = $i
                if (line ~ /^#/) continue
                if (line ~ /^[ \t]/) { if (cur == "signed-by") signed = signed "\n" line; continue }
                p = index(line, ":"); if (!p) continue
                cur = tolower(substr(line, 1, p - 1))
                val = substr(line, p + 1); sub(/^[ \t]+/, "", val); sub(/[ \t]+$/, "", val)
                if (cur == "types") types = val
                else if (cur == "uris") uris = val
                else if (cur == "suites") suites = val
                else if (cur == "signed-by") signed = val
                else if (cur == "enabled") enabled = tolower(val)
            }
            if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no" && uris != "" && suites !~ /-security/) {
                print "URIs: " uris
                if (signed != "") print "Signed-By: " signed
                exit
            }
        }' "$f"
        return
    fi
    # Fallback: one-line format.
    f=/etc/apt/sources.list
    [[ -r $f ]] || return 0
    awk '
    $1 == "deb" && $0 !~ /security/ {
        opts = ""; i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
        print "URIs: " $i
        if (match(opts, /signed-by=[^] ]+/)) print "Signed-By: " substr(opts, RSTART + 10, RLENGTH - 10)
        exit
    }' "$f"
}

apt_update_sid() {
    log "apt-get update (sid source only)"
    apt-get update -o Dir::Etc::sourcelist="$SID_SOURCES" -o Dir::Etc::sourceparts=- \
        -o APT::Get::List-Cleanup=0 >&2 || die "apt-get update for sid failed"
}

ensure_sid_source() {
    local archive content prefs
    archive=$(system_archive)
    [[ $archive == *URIs:* ]] ||
        die "could not derive a Debian archive from /etc/apt/sources.list.d/debian.sources"
    content=$(printf 'Types: deb\n%s\nSuites: sid\nComponents: main\n' "$archive")
    prefs=$(printf 'Package: *\nPin: release n=sid\nPin-Priority: 1\n')
    local updated=0
    if [[ ! -f $SID_PREFS || $(<"$SID_PREFS") != "$prefs" ]]; then
        log "writing $SID_PREFS (pin sid at priority 1: nothing gets upgraded)"
        printf '%s\n' "$prefs" >"$SID_PREFS"
    fi
    if [[ ! -f $SID_SOURCES || $(<"$SID_SOURCES") != "$content" ]]; then
        log "writing $SID_SOURCES"
        printf '%s\n' "$content" >"$SID_SOURCES"
        apt_update_sid
        updated=1
    fi
    if ((!updated)) && ! apt-cache show --no-all-versions "python$VERSION-minimal/sid" >/dev/null 2>&1; then
        apt_update_sid
    fi
}

ensure_patchelf() {
    command -v patchelf >/dev/null 2>&1 && return
    log "installing patchelf"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends patchelf >&2 ||
        die "apt-get install patchelf failed"
}

# --- sid packages ----------------------------------------------------------------

# Packages that must exist in sid.
core_packages() {
    local v=$VERSION
    echo "libc6 libgcc-s1 libpython$v-minimal python$v-minimal libpython$v-stdlib libpython$v"
    echo "python$v libpython$v-dev python$v-dev python$v-venv python3-pip-whl"
    if ((DBG)); then echo "python$v-dbg libpython$v-dbg"; fi
}
# Libraries wanted if sid has them (the dependency closure adds more).
extra_packages() {
    echo "libexpat1 zlib1g libffi8 libssl3t64 libbz2-1.0 liblzma5 libzstd1 libmpdec4 libsqlite3-0"
    echo "libuuid1 libncursesw6 libtinfo6 libreadline8t64 libcrypt1"
    if ((DBG)); then echo libgdbm6t64; fi
}

# apt-cache show for the sid version of each argument; prints
# "PKG <tab> first-alternative lib deps..." for each package found.
sid_deps() {
    local args=() p
    for p in "$@"; do args+=("$p/sid"); done
    apt-cache show --no-all-versions "${args[@]}" 2>/dev/null | awk '
    function flush() { if (pkg != "") print pkg "\t" deps; pkg = ""; deps = "" }
    /^Package:/ { flush(); pkg = $2 }
    /^(Pre-)?Depends:/ {
        sub(/^[^:]*:[ \t]*/, ""); n = split($0, a, /,[ \t]*/)
        for (i = 1; i <= n; i++) {
            d = a[i]; sub(/[ \t]*\|.*/, "", d); sub(/[ \t]*\(.*/, "", d); sub(/:any$/, "", d)
            # shared libraries only; no -dev, no tcl/tk (tkinter is not needed)
            if (d ~ /^lib/ && d !~ /-dev$/ && d !~ /^lib(tcl|tk)[0-9]/) deps = deps " " d
        }
    }
    END { flush() }'
}

# Sets PKGS to the core + extra packages plus the closure of their lib deps.
resolve_packages() {
    local -A seen=() found=()
    local queue=() next=() p deps missing=()
    # shellcheck disable=SC2207
    local core=($(core_packages)) extra=($(extra_packages))
    queue=("${core[@]}" "${extra[@]}")
    for p in "${queue[@]}"; do seen[$p]=1; done
    while ((${#queue[@]})); do
        next=()
        while IFS=$'\t' read -r p deps; do
            found[$p]=1
            for p in $deps; do
                if [[ -z ${seen[$p]:-} ]]; then
                    seen[$p]=1
                    next+=("$p")
                fi
            done
        done < <(sid_deps "${queue[@]}")
        queue=("${next[@]}")
    done
    for p in "${core[@]}"; do
        [[ -n ${found[$p]:-} ]] || missing+=("$p")
    done
    ((${#missing[@]} == 0)) ||
        die "not available in Debian sid: ${missing[*]} (Python $VERSION$( ((DBG)) && echo ' debug build') cannot be provisioned from sid)"
    PKGS=()
    for p in "${!seen[@]}"; do
        if [[ -n ${found[$p]:-} ]]; then
            PKGS+=("$p")
        else
            log "note: $p is not in sid, skipping it"
        fi
    done
    mapfile -t PKGS < <(printf '%s\n' "${PKGS[@]}" | sort)
}

download_packages() { # dir
    local args=() p
    for p in "${PKGS[@]}"; do args+=("$p/sid"); done
    # Sandbox user root: the download dir is not necessarily accessible to _apt.
    (cd "$1" && apt-get -q -o APT::Sandbox::User=root download "${args[@]}" >&2)
}

# Patch the whitelisted install-location variables of the interpreter's
# _sysconfigdata module from /usr/... to $PREFIX/usr/... so that e.g.
# sysconfig.get_config_var("INCLUDEPY") points into the prefix.
patch_sysconfig() { # python
    "$1" - "$PREFIX" <<'EOF'
import importlib.util, os, re, sys, sysconfig
prefix = sys.argv[1]
keys = ("INCLUDEPY CONFINCLUDEPY INCLUDEDIR CONFINCLUDEDIR LIBDIR LIBPL LIBPC LIBDEST "
        "BINLIBDEST DESTSHARED DESTLIB MACHDESTLIB BINDIR SCRIPTDIR WHEEL_PKG_DIR").split()
spec = importlib.util.find_spec(sysconfig._get_sysconfigdata_name())
path = os.path.realpath(spec.origin)
text = open(path, encoding="utf-8").read()
pat = re.compile(r"^(\s*'(?:%s)':\s*')(/usr(?:/[^']*)?')" % "|".join(keys), re.M)
new = pat.sub(lambda m: m.group(1) + prefix + m.group(2), text)
if new != text:
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
EOF
}

provision_prefix() {
    [[ $(id -u) == 0 ]] || die "provisioning Python $TAG needs root (apt); set ABIDE_PYTHON or put $PYNAME on PATH"
    [[ $(dpkg --print-architecture) == amd64 ]] || die "only amd64 is supported"
    ensure_sid_source
    ensure_patchelf

    resolve_packages
    log "sid packages: ${PKGS[*]}"

    local tmp
    tmp=$(mktemp -d "$CACHE/tmp.XXXXXX")
    TMPDIRS+=("$tmp")
    mkdir "$tmp/debs" "$tmp/tree"
    if ! download_packages "$tmp/debs"; then
        log "download failed; refreshing the sid package lists and retrying"
        rm -f "$tmp"/debs/*
        apt_update_sid
        resolve_packages
        download_packages "$tmp/debs" || die "apt-get download from sid failed"
    fi
    local bytes
    bytes=$(du -cb "$tmp"/debs/*.deb | tail -n1 | cut -f1)
    log "downloaded ${#PKGS[@]} packages, $((bytes / 1024 / 1024)) MiB"

    local deb
    for deb in "$tmp"/debs/*.deb; do
        dpkg-deb -x "$deb" "$tmp/tree"
    done
    rm -rf "$tmp/debs"

    # Dynamic loader and library dirs (libc6 may or may not be usr-merged).
    local ldso='' rpath='' d
    for d in usr/lib/$MA lib/$MA; do
        if [[ -d $tmp/tree/$d ]]; then
            rpath+=${rpath:+:}$PREFIX/$d
            if [[ -z $ldso && -e $tmp/tree/$d/ld-linux-x86-64.so.2 ]]; then
                ldso=$PREFIX/$d/ld-linux-x86-64.so.2
            fi
        fi
    done
    [[ -n $ldso ]] || die "ld-linux-x86-64.so.2 not found in sid's libc6"

    # Patch the real interpreter binaries (python3.X, python3.Xd); symlinks
    # like python3.X-dbg -> python3.Xd follow.  DT_RPATH (--force-rpath) also
    # applies to libraries dlopen'ed later (lib-dynload, ctypes).
    local exe found=0
    for exe in "$tmp/tree/usr/bin/python$VERSION" "$tmp/tree/usr/bin/python${VERSION}d"; do
        [[ -f $exe && ! -L $exe ]] || continue
        patchelf --set-interpreter "$ldso" --force-rpath --set-rpath "$rpath" "$exe"
        found=1
    done
    ((found)) || die "no python$VERSION binary in the sid packages"

    # Debian's include/python3.X/pyconfig.h only #includes the multiarch one
    # (<x86_64-linux-gnu/python3.X/pyconfig.h>); make -I.../include/python3.X
    # sufficient on its own.
    for d in "$tmp/tree/usr/include/python$VERSION" "$tmp/tree/usr/include/python${VERSION}d"; do
        local real=$tmp/tree/usr/include/$MA/${d##*/}/pyconfig.h
        if [[ -f $real && -e $d/pyconfig.h ]]; then
            rm -f "$d/pyconfig.h"
            cp "$real" "$d/pyconfig.h"
        fi
    done

    # Static libpython (needs sid's glibc to link, so useless here; ~30 MiB,
    # ~120 MiB with --dbg).
    rm -f "$tmp"/tree/usr/lib/python"$VERSION"/config-*/libpython*.a

    rm -rf "$PREFIX"
    mv "$tmp/tree" "$PREFIX"

    for exe in "$PREFIX/usr/bin/python$VERSION" "$PREFIX/usr/bin/python${VERSION}d"; do
        [[ -f $exe ]] || continue
        patch_sysconfig "$exe" || die "patching sysconfig data for $exe failed"
    done

    log "checking $BASE"
    "$BASE" -c "import sys, sysconfig, os
import ssl, sqlite3, ctypes, readline, zlib, bz2, lzma, decimal, hashlib, pyexpat, uuid, venv
ctypes.CDLL(None)
assert sys.version_info[:2] == (3, $MINOR), sys.version
assert hasattr(sys, 'gettotalrefcount') == $IS_DBG
assert os.path.isfile(os.path.join(sysconfig.get_config_var('INCLUDEPY'), 'Python.h'))
print(sys.version, ssl.OPENSSL_VERSION, file=sys.stderr)" ||
        die "the provisioned interpreter $BASE does not work"
    : >"$PREFIX/$STAMP"
}

# --- venv --------------------------------------------------------------------

# Sets WHL to a pip wheel for the base interpreter.
find_pip_wheel() {
    if [[ $KIND == provisioned ]]; then
        WHL=$(compgen -G "$PREFIX/usr/share/python-wheels/pip-*.whl" | sort -V | tail -n1 || true)
        [[ -n $WHL ]] || die "no pip wheel in $PREFIX/usr/share/python-wheels"
        return
    fi
    # A base without a working ensurepip (e.g. Debian's): use sid's python3-pip-whl.
    local dir=$CACHE/pip-whl
    WHL=$(compgen -G "$dir/usr/share/python-wheels/pip-*.whl" | sort -V | tail -n1 || true)
    [[ -z $WHL ]] || return 0
    [[ $(id -u) == 0 ]] || die "no pip for $BASE (ensurepip failed; fetching python3-pip-whl needs root)"
    ensure_sid_source
    local tmp
    tmp=$(mktemp -d "$CACHE/tmp.XXXXXX")
    TMPDIRS+=("$tmp")
    PKGS=(python3-pip-whl)
    if ! download_packages "$tmp"; then
        apt_update_sid
        download_packages "$tmp" || die "apt-get download python3-pip-whl failed"
    fi
    mkdir "$tmp/tree"
    dpkg-deb -x "$tmp"/python3-pip-whl_*.deb "$tmp/tree"
    rm -rf "$dir"
    mv "$tmp/tree" "$dir"
    WHL=$(compgen -G "$dir/usr/share/python-wheels/pip-*.whl" | sort -V | tail -n1 || true)
    [[ -n $WHL ]] || die "no pip wheel in sid's python3-pip-whl"
}

build_venv() {
    log "creating $VENV from $BASE"
    rm -rf "$VENV"
    "$BASE" -m venv --without-pip "$VENV" || die "$BASE -m venv failed"
    if [[ $KIND == provisioned ]] || ! "$VENV_PY" -m ensurepip --default-pip >/dev/null 2>&1; then
        find_pip_wheel
        log "installing pip from $WHL"
        "$VENV_PY" "$WHL/pip" install -q --no-index --no-cache-dir --disable-pip-version-check "$WHL" >&2 ||
            die "installing pip into $VENV failed"
    fi
    "$VENV_PY" -m pip --version >&2 || die "pip does not work in $VENV"
    printf '%s' "$BASE" >"$VENV/$STAMP"
}

# --- main --------------------------------------------------------------------

choose_base
if venv_ok; then finish; fi

mkdir -p "$CACHE"
TMPDIRS=()
# shellcheck disable=SC2317 # invoked via trap
cleanup() { ((${#TMPDIRS[@]} == 0)) || rm -rf "${TMPDIRS[@]}"; }
trap cleanup EXIT

# Serialize concurrent runs; the winner does the work, the others reuse it.
exec 9>"$CACHE/.lock"
if ! flock -n 9; then
    log "waiting for another provision-python.sh run to finish"
    flock 9
fi
if venv_ok; then finish; fi
rm -rf "$CACHE"/tmp.* # leftovers of interrupted runs (we hold the lock)

log "base interpreter: $BASE ($KIND)"
if [[ $KIND == provisioned && ! -f $PREFIX/$STAMP ]]; then
    provision_prefix
fi
if [[ $KIND == archive && ! -f $FT_HOME/$STAMP ]]; then
    provision_archive
fi
if [[ $KIND == apt ]] && ! python_matches "$BASE"; then
    provision_apt_dbg
fi
build_venv
venv_ok || die "the new venv $VENV does not work"
finish
