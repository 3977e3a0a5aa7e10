#!/usr/bin/env bash
# Idempotent machine set-up for HydraFunctions: the C++ runtime TorchSharp needs, the datasets the
# benchmarks read, and the npm tools (Azurite) the integration tests start. Safe to run repeatedly.
#
#   scripts/setup.sh            # everything
#   scripts/setup.sh --runtime  # only the C++ runtime check / fix
set -euo pipefail

want_runtime=1; want_data=1; want_node=1
if [[ "${1:-}" == "--runtime" ]]; then want_data=0; want_node=0; fi

log() { printf '[setup] %s\n' "$*"; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sudo_cmd=""
if [[ $(id -u) -ne 0 ]]; then sudo_cmd="sudo"; fi

have_glibcxx_3_4_32() {
  # libtorch 2.10 (TorchSharp 0.107) is built with GCC 13 and needs GLIBCXX_3.4.32.
  local lib
  for lib in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
    if [[ -f "$lib" ]] && grep -qa 'GLIBCXX_3\.4\.32' "$lib"; then return 0; fi
  done
  return 1
}

apt_updated=0
apt_update_once() {
  if [[ $apt_updated -eq 0 ]]; then $sudo_cmd apt-get update -qq; apt_updated=1; fi
}

configured_debian_mirror() {
  # The mirror this machine already uses for Debian's main archive (deb822 `URIs:` or one-line `deb` entries),
  # so the set-up works behind a company mirror. Security and third-party archives are skipped.
  local files=() f
  [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" && "$f" != */hydra-trixie.list ]] && files+=("$f")
  done
  [[ ${#files[@]} -eq 0 ]] && return 0
  awk '
    /^[[:space:]]*URIs:/ { for (i = 2; i <= NF; i++) print $i }
    /^[[:space:]]*deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; break } }
  ' "${files[@]}" | grep -v -e 'security' -e 'updates' | grep -E '/debian/?$' | head -n 1 | sed 's:/*$::'
}

ensure_cpp_runtime() {
  if have_glibcxx_3_4_32; then log "C++ runtime: GLIBCXX_3.4.32 present"; return; fi
  if [[ "$(uname -s)" != "Linux" ]]; then log "C++ runtime: not Linux, nothing to do"; return; fi
  . /etc/os-release
  if [[ "${ID:-}" == "debian" && "${VERSION_ID:-}" == "12" ]]; then
    log "C++ runtime: Debian 12 ships GCC 12's libstdc++; installing Debian 13 (trixie) libstdc++6, pinned low"
    local mirror; mirror=$(configured_debian_mirror)
    if [[ -z "$mirror" ]]; then
      log "ERROR: no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/; cannot fetch libstdc++6."
      log "Add your Debian (or company) mirror to the apt sources, or install GCC 13+'s libstdc++6 by hand, then rerun."
      exit 1
    fi
    log "C++ runtime: using the configured mirror $mirror"
    echo "deb $mirror trixie main" | $sudo_cmd tee /etc/apt/sources.list.d/hydra-trixie.list >/dev/null
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' | $sudo_cmd tee /etc/apt/preferences.d/hydra-trixie >/dev/null
    apt_updated=0; apt_update_once
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq -t trixie libstdc++6 >/dev/null
    have_glibcxx_3_4_32 || { log "ERROR: libstdc++6 from trixie did not provide GLIBCXX_3.4.32"; exit 1; }
    log "C++ runtime: installed"
  else
    log "ERROR: this system's libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp 0.107 (libtorch 2.10) needs."
    log "Install the C++ runtime of GCC 13 or newer (Ubuntu 24.04+ and Debian 13+ already have it), then rerun."
    exit 1
  fi
}

ensure_datasets() {
  # Fashion-MNIST (IDX, gzip) for the reference protocol; the scikit-learn CSVs (digits OOD set, Boston,
  # diabetes) are unpacked from Debian's python3-sklearn package without installing it.
  command -v apt-get >/dev/null || { log "datasets: no apt-get; point --data at your own copies"; return; }
  if [[ ! -d /usr/share/datasets/fashion-mnist ]]; then
    apt_update_once
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq dataset-fashion-mnist >/dev/null || log "datasets: dataset-fashion-mnist unavailable"
  fi
  local dest="$root/data/sklearn"
  if [[ ! -f "$dest/digits.csv.gz" ]]; then
    apt_update_once
    local tmp; tmp=$(mktemp -d)
    if (cd "$tmp" && apt-get download -qq python3-sklearn >/dev/null 2>&1); then
      dpkg -x "$tmp"/python3-sklearn_*.deb "$tmp/x"
      mkdir -p "$dest"
      find "$tmp/x" -path '*sklearn/datasets/data/*' \( -name 'digits.csv.gz' -o -name 'boston_house_prices.csv' \
        -o -name 'diabetes_data_raw.csv.gz' -o -name 'diabetes_target.csv.gz' -o -name 'breast_cancer.csv' \
        -o -name 'wine_data.csv' \) -exec cp {} "$dest/" \;
      log "datasets: scikit-learn CSVs in $dest"
    else
      log "datasets: could not download python3-sklearn; OOD digits set unavailable"
    fi
    rm -rf "$tmp"
  fi
}

ensure_node_tools() {
  if ! command -v node >/dev/null; then log "node: not found; the Azurite integration tests (Hydra.Azure.Tests) will fail until Node.js is installed"; return; fi
  if [[ -f "$root/package.json" && ! -x "$root/node_modules/.bin/azurite" ]]; then
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
    log "node: azurite installed"
  fi
}

[[ $want_runtime -eq 1 ]] && ensure_cpp_runtime
[[ $want_data -eq 1 ]] && ensure_datasets
[[ $want_node -eq 1 ]] && ensure_node_tools
log "done"
