#!/bin/bash
# Installs what Sextant needs to build, run and test on Debian 12 (as root). Skips apt entirely when
# every package is already present, so repeated runs cost nothing.
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qcoro-qt6-dev qt6-tools-dev qt6-l10n-tools
  libqt6sql6-sqlite libqt6sql6-psql qtkeychain-qt6-dev
  libopenblas-dev libpq-dev libyaml-dev postgresql-15 openssl
  xvfb xauth libgl1-mesa-dri fonts-dejavu-core x11-apps
  dpkg-dev desktop-file-utils appstream man-db poppler-utils
  clang libclang-rt-14-dev ccache lld
  python3-numpy python3-faiss python3-sklearn python3-pynndescent umap-learn
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "All ${#packages[@]} packages are installed."
  exit 0
fi
echo "Installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=900 update -qq
apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
