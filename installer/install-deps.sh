#!/usr/bin/env bash
# Installs every Debian 12 package Retryscope needs to build, test and show its
# GUI. Idempotent: packages already present are left alone, and apt-get is not
# called at all when nothing is missing.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build git pkg-config clang-format clang-tidy
  # Qt 6 (6.4.2 on Debian 12): Core, Network, Sql, Widgets, Charts, Test
  qt6-base-dev qt6-base-dev-tools
  qt6-charts-dev libqt6opengl6-dev # charts-dev needs opengl-dev (known trap)
  libqt6sql6-sqlite                # the SQLite driver is not pulled in by default
  libsqlite3-dev                   # the history's hot paths use SQLite's API on Qt's connection
  libssl-dev                       # client keys checked against their certificates (core/config/tlssettings.cpp)
  qt6-qpa-plugins                  # xcb and offscreen platform plugins
  libgl-dev libvulkan-dev          # headers that Qt6Gui's CMake config looks for
  libqt6svg6                       # SVG icons
  # GUI on a display-less machine, and fonts so chart text renders
  xvfb xauth fonts-dejavu-core
  # sanitizers (ASan/UBSan runtime ships with gcc)
  libasan8 libubsan1
  # the fuzz preset: clang with libFuzzer and its sanitizer runtimes
  clang libclang-rt-14-dev
  # packaging and its checks (installer/test-deb.sh): dpkg-shlibdeps, the
  # desktop entry and AppStream validators, man to find the manual page
  dpkg-dev file desktop-file-utils appstream man-db
  # bench/: the peer poller (asyncio + tenacity + httpx), the drivers, and
  # Prometheus's blackbox_exporter as a second peer (bench/peers.py runs its
  # own instance on a free port)
  python3 python3-tenacity python3-httpx prometheus-blackbox-exporter
  # the metrics tests: promtool lints /metrics, and a real Prometheus scrapes
  # two agents (tests/app/tst_prometheus). On a machine running systemd,
  # Debian also starts its own prometheus.service on :9090; the tests run
  # their own instance on a free port and do not use it.
  prometheus
  # a server nobody here wrote, for the wire tests (tests/core/tst_nginx):
  # the test runs its own instance on a free loopback port
  nginx-light
  # certificates made by the tests, and a TLS server nobody here wrote
  # (openssl s_server, tests/core/tst_tlsexpiry)
  openssl
  # proxies nobody here wrote (tests/core/tst_proxies): an HTTP proxy that
  # logs every request and CONNECT, and a SOCKS5 proxy with user/password
  # authentication; the tests run their own instances on free loopback ports
  tinyproxy microsocks
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
