#!/usr/bin/env bash
# Takes the dashboard's screenshots in docs/images/ from the running program:
# the built-in demo under a virtual X server, after it has run for a while,
# at a small window (1024x700) and a large one (1600x1000), with the first
# endpoint selected from the keyboard so that the charts follow it; and the
# endpoint editor's policy lab.
#   docs/images/take-screenshots.sh [path/to/retryscope]   (default: build/release/app/retryscope)
# Needs xvfb, xauth, xdotool and imagemagick (apt install xvfb xauth xdotool
# imagemagick). Each run starts from fresh settings in a temporary home, as a
# new user would see it.
set -euo pipefail
cd "$(dirname "$0")/../.."
app="$(realpath "${1:-build/release/app/retryscope}")"
seconds="${RETRYSCOPE_SHOT_SECONDS:-45}"
[[ -x "$app" ]] || { echo "no program at $app: build it first (cmake --preset release && cmake --build --preset release)" >&2; exit 1; }
for tool in xvfb-run xdotool import; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: apt install xvfb xauth xdotool imagemagick" >&2; exit 1; }
done

# shoot WIDTH HEIGHT FILE [STEPS]: start the demo under a virtual display of
# that size, size the window to it, let it run, then run STEPS (shell
# commands; default: select the first endpoint with Ctrl+F, Down, and take
# the whole screen into $OUT).
shoot() {
    local width=$1 height=$2 file=$3
    local steps=${4:-'xdotool key --window "$window" ctrl+f Down; sleep 3; import -window root "$OUT"'}
    local home
    home="$(mktemp -d)"
    xvfb-run -a -s "-screen 0 ${width}x${height}x24" env HOME="$home" XDG_CONFIG_HOME="$home/.config" \
        XDG_DATA_HOME="$home/.local/share" APP="$app" W="$width" H="$height" OUT="$file" S="$seconds" \
        STEPS="$steps" bash -c '
        set -euo pipefail
        "$APP" --demo >/dev/null 2>&1 &
        pid=$!
        trap "kill $pid 2>/dev/null || true" EXIT
        window=$(xdotool search --sync --onlyvisible --name "^Retryscope" | head -1)
        xdotool windowmove "$window" 0 0 windowsize --sync "$window" "$W" "$H"
        sleep "$S"
        xdotool windowfocus --sync "$window"
        eval "$STEPS"
    '
    rm -rf "$home"
    echo "wrote $file"
}

# The endpoint editor's policy lab on the demo endpoint in row ROW of the
# table: open it with Ctrl+E, go to the lab page (Alt+L), sweep the key whose
# label starts with KEY (Alt+K, then typed; no space, which opens the list)
# and take the dialog alone.
shoot_lab() {
    local width=$1 height=$2 file=$3 row=$4 key=$5
    shoot "$width" "$height" "$file" "
        xdotool key --window \"\$window\" ctrl+f $(printf 'Down %.0s' $(seq "$row"))
        sleep 1; xdotool key ctrl+e
        sleep 2; xdotool key alt+l
        sleep 3; xdotool key alt+k; xdotool type --delay 30 '$key'
        sleep 1; xdotool key alt+w
        sleep 6
        import -window \"\$(xdotool search --onlyvisible --name '^Edit endpoint' | head -1)\" \"\$OUT\""
}

shoot 1600 1000 docs/images/dashboard.png
shoot 1024 700 docs/images/dashboard-1024x700.png
shoot_lab 1400 900 docs/images/policy-lab.png 2 Max   # flaky, max attempts
