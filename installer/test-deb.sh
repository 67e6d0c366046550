#!/usr/bin/env bash
# Builds the .deb (release preset), checks its desktop entry and AppStream
# metadata, installs it with apt, runs the installed binary (--version and a
# 10-second headless demo that must print attempts), then removes it again,
# leaving the machine as it was. Part of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
if dpkg-query -W -f='${Status}' retryscope 2>/dev/null | grep -q "install ok installed"; then
  echo "test-deb: retryscope is already installed here; refusing to replace it" >&2
  exit 1
fi

echo "== package: configure (release, without tests), build, package"
build=build/package
cmake --preset release -B "${build}" -DBUILD_TESTING=OFF -DRETRYSCOPE_BUILD_BENCH=OFF
cmake --build "${build}"
rm -f "${build}"/retryscope_*.deb
(cd "${build}" && cpack -G DEB)
deb=$(ls "${build}"/retryscope_*_*.deb | head -n1)
echo "test-deb: built ${deb}"
dpkg-deb --info "${deb}" | sed 's/^/  /'

scratch=$(mktemp -d)
cleanup() {
  "${sudo_cmd[@]}" apt-get purge -y -qq retryscope >/dev/null 2>&1 || true
  rm -rf "${scratch}"
}
trap cleanup EXIT

echo "== install"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "./${deb}"

echo "== validate the installed files"
desktop-file-validate /usr/share/applications/io.github.retryscope.Retryscope.desktop
# --no-net: the screenshots' URLs are not fetched on a machine without the network.
appstreamcli validate --no-net /usr/share/metainfo/io.github.retryscope.Retryscope.metainfo.xml
test -f /usr/share/icons/hicolor/scalable/apps/io.github.retryscope.Retryscope.svg
test -f /usr/share/icons/hicolor/256x256/apps/io.github.retryscope.Retryscope.png
man -w retryscope >/dev/null
test -f /usr/share/doc/retryscope/copyright
# The agent's unit: present, valid, and not enabled by the installation.
unit=/usr/lib/systemd/system/retryscope-agent.service
test -f "${unit}"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "${unit}"
fi
if [ -e /etc/systemd/system/multi-user.target.wants/retryscope-agent.service ]; then
  echo "test-deb: the package enabled retryscope-agent.service; it must be installed disabled" >&2
  exit 1
fi

echo "== run the installed binary"
/usr/bin/retryscope --version
# Its own HOME, so that nothing is left in the user's folders.
HOME="${scratch}" XDG_CONFIG_HOME="${scratch}/config" XDG_DATA_HOME="${scratch}/data" \
  QT_QPA_PLATFORM=offscreen timeout 60 /usr/bin/retryscope --demo --headless --duration 10 >"${scratch}/out.txt"
attempts=$(grep -cE ' #[0-9]+\.[0-9]+ ' "${scratch}/out.txt" || true)
echo "test-deb: ${attempts} attempt lines in 10 s"
if [ "${attempts}" -lt 10 ]; then
  echo "test-deb: the installed binary printed too few attempts:" >&2
  head -20 "${scratch}/out.txt" >&2
  exit 1
fi

echo "== remove"
"${sudo_cmd[@]}" apt-get purge -y -qq retryscope
if [ -e /usr/bin/retryscope ] \
   || dpkg-query -W -f='${Status}' retryscope 2>/dev/null | grep -q "install ok installed"; then
  echo "test-deb: retryscope is still installed" >&2
  exit 1
fi
echo "test-deb: the package installs, runs and removes cleanly"
