#!/usr/bin/env bash
# Ensure a system Chromium (plus fonts, so screenshots render text) is installed.
# Prints the Chromium path on stdout; everything else goes to stderr.
# Quiet and fast when everything is already installed.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
PACKAGES=(chromium fonts-liberation fonts-dejavu-core)

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      echo "$p"
    fi
  done
}

if [[ -x "$CHROMIUM" ]] && [[ -z "$(missing_packages)" ]]; then
  echo "$CHROMIUM"
  exit 0
fi

SUDO=()
if [[ $EUID -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "ensure-chromium: $CHROMIUM missing and not root (no passwordless sudo); install: ${PACKAGES[*]}" >&2
    exit 1
  fi
fi

mapfile -t todo < <(missing_packages)
echo "ensure-chromium: installing ${todo[*]} ..." >&2
start=$SECONDS
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q --no-install-recommends -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
{
  "${SUDO[@]}" apt-get -q -o DPkg::Lock::Timeout=600 update
  "${SUDO[@]}" apt-get install "${apt_opts[@]}" "${todo[@]}"
} >&2

if [[ ! -x "$CHROMIUM" ]]; then
  echo "ensure-chromium: install finished but $CHROMIUM is still missing" >&2
  exit 1
fi
echo "ensure-chromium: installed in $((SECONDS - start))s ($("$CHROMIUM" --version 2>/dev/null || echo unknown version))" >&2
echo "$CHROMIUM"
