#!/usr/bin/env bash
# Builds the two .deb packages (release preset): retryscope-agent and
# retryscope (the dashboard). Installs the agent alone first: its
# dependencies must name no graphical library, and the running agent must map
# none (/proc/PID/maps) while it prints the demo's attempts; its systemd unit
# must be valid and not enabled. Then installs the dashboard: desktop entry,
# AppStream metadata, icons, manual page, a headless run. Removes both,
# leaving the machine as it was. Part of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
for package in retryscope retryscope-agent; do
  if dpkg-query -W -f='${Status}' "${package}" 2>/dev/null | grep -q "install ok installed"; then
    echo "test-deb: ${package} is already installed here; refusing to replace it" >&2
    exit 1
  fi
done
gui_pattern='libqt6gui|libqt6widgets|libqt6charts|libqt6opengl|qt6-qpa-plugins|libQt6Gui|libQt6Widgets|libQt6Charts|libQt6OpenGL'

echo "== package: configure (release, without tests), build, package"
build=build/package
cmake --preset release -B "${build}" -DBUILD_TESTING=OFF -DRETRYSCOPE_BUILD_BENCH=OFF
cmake --build "${build}"
rm -f "${build}"/retryscope_*.deb "${build}"/retryscope-agent_*.deb
(cd "${build}" && cpack -G DEB)
deb=$(ls "${build}"/retryscope_*_*.deb | head -n1)
agent_deb=$(ls "${build}"/retryscope-agent_*_*.deb | head -n1)
echo "test-deb: built ${agent_deb} and ${deb}"
dpkg-deb --info "${agent_deb}" | sed 's/^/  /'
dpkg-deb --info "${deb}" | sed 's/^/  /'

scratch=$(mktemp -d)
cleanup() {
  "${sudo_cmd[@]}" apt-get purge -y -qq retryscope retryscope-agent >/dev/null 2>&1 || true
  rm -rf "${scratch}"
}
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive

# expect_attempts FILE WHAT: FILE (10 s of the demo) must hold 10 attempt lines or more.
expect_attempts() {
  local attempts
  attempts=$(grep -cE ' #[0-9]+\.[0-9]+ ' "$1" || true)
  echo "test-deb: $2 printed ${attempts} attempt lines in 10 s"
  if [ "${attempts}" -lt 10 ]; then
    echo "test-deb: $2 printed too few attempts:" >&2
    head -20 "$1" >&2
    exit 1
  fi
}

echo "== the agent alone"
agent_depends=$(dpkg-deb -f "${agent_deb}" Depends)
echo "test-deb: retryscope-agent depends on: ${agent_depends}"
if grep -qiE "${gui_pattern}" <<<"${agent_depends}"; then
  echo "test-deb: retryscope-agent depends on a graphical library" >&2
  exit 1
fi
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "./${agent_deb}"
if [ -e /usr/bin/retryscope ]; then
  echo "test-deb: installing the agent installed the dashboard too" >&2
  exit 1
fi
/usr/bin/retryscope-agent --version
man -w retryscope-agent >/dev/null
test -f /usr/share/doc/retryscope-agent/copyright
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
# Its own HOME, so that nothing is left in the user's folders; no --headless
# (implied), and no display variables at all.
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM HOME="${scratch}/agent" \
  XDG_CONFIG_HOME="${scratch}/agent/config" XDG_DATA_HOME="${scratch}/agent/data" \
  timeout 60 /usr/bin/retryscope-agent --demo --duration 10 >"${scratch}/agent.txt" &
agent_pid=$!
sleep 4
agent_exe=""
for proc in /proc/[0-9]*; do
  if [ "$(readlink "${proc}/exe" 2>/dev/null)" = /usr/bin/retryscope-agent ]; then
    agent_exe=${proc#/proc/}
  fi
done
if [ -z "${agent_exe}" ]; then
  echo "test-deb: the installed agent is not running" >&2
  exit 1
fi
grep -oE '/[^ ]+\.so[^ ]*' "/proc/${agent_exe}/maps" | sort -u >"${scratch}/agent-maps.txt"
echo "test-deb: the running agent maps $(wc -l <"${scratch}/agent-maps.txt") libraries"
if ! grep -q libQt6Network "${scratch}/agent-maps.txt"; then
  echo "test-deb: /proc/${agent_exe}/maps lists no libQt6Network; the check would prove nothing" >&2
  exit 1
fi
if grep -E "${gui_pattern}" "${scratch}/agent-maps.txt"; then
  echo "test-deb: the running agent maps a graphical library (above)" >&2
  exit 1
fi
wait "${agent_pid}"
expect_attempts "${scratch}/agent.txt" "the installed agent"

echo "== the dashboard"
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "./${deb}"

echo "== validate the installed files"
desktop-file-validate /usr/share/applications/io.github.retryscope.Retryscope.desktop
# --no-net: the screenshots' URLs are not fetched on a machine without the network.
appstreamcli validate --no-net /usr/share/metainfo/io.github.retryscope.Retryscope.metainfo.xml
test -f /usr/share/icons/hicolor/scalable/apps/io.github.retryscope.Retryscope.svg
test -f /usr/share/icons/hicolor/256x256/apps/io.github.retryscope.Retryscope.png
man -w retryscope >/dev/null
test -f /usr/share/doc/retryscope/copyright

echo "== run the installed binary"
/usr/bin/retryscope --version
# Its own HOME, so that nothing is left in the user's folders.
HOME="${scratch}" XDG_CONFIG_HOME="${scratch}/config" XDG_DATA_HOME="${scratch}/data" \
  QT_QPA_PLATFORM=offscreen timeout 60 /usr/bin/retryscope --demo --headless --duration 10 >"${scratch}/out.txt"
expect_attempts "${scratch}/out.txt" "the installed dashboard (--headless)"

echo "== remove"
"${sudo_cmd[@]}" apt-get purge -y -qq retryscope retryscope-agent
for package in retryscope retryscope-agent; do
  if [ -e "/usr/bin/${package}" ] \
     || dpkg-query -W -f='${Status}' "${package}" 2>/dev/null | grep -q "install ok installed"; then
    echo "test-deb: ${package} is still installed" >&2
    exit 1
  fi
done
echo "test-deb: both packages install, run and remove cleanly; the agent maps no graphical library"
