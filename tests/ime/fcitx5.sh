#!/usr/bin/env bash
# Types a column of Chinese card titles into the editor through a real input
# method, as a scribe in a workshop would, and checks what was saved.
#
# It starts a virtual X display (Xvfb), a D-Bus session and fcitx5 with its
# pinyin engine as the second input method (default settings otherwise), opens
# the editor on a new map with XMODIFIERS=@im=fcitx, and drives it with
# xdotool: Ctrl+Space once at the start, then ten card titles typed as pinyin
# (Space takes the first candidate) into selected cells — Enter moves down a
# column, Tab along a row, and one click starts the second row — then a card's
# detail typed in the inspector, a Chinese search in the command palette
# (保存 runs Save), and finally the saved map's titles and detail are checked
# through a CSV export. Exit status 0 when everything typed arrived as
# intended, 1 otherwise; screenshots of each stage are left in the work folder
# it prints.
#
# Usage: bash tests/ime/fcitx5.sh [path/to/stagemap]
# (without a path it builds and uses the debug build). Installs xvfb, xdotool,
# imagemagick, dbus-x11, fcitx5 and fcitx5-chinese-addons on Debian or Ubuntu
# when they are missing. With IME=ibus it does the same through IBus and
# ibus-libpinyin (its engine chosen once at the start instead of Ctrl+Space).
set -euo pipefail
cd "$(dirname "$0")/../.."
method=${IME:-fcitx5}

needed=()
for tool in Xvfb:xvfb xdotool:xdotool import:imagemagick dbus-launch:dbus-x11 xauth:xauth; do
    command -v "${tool%%:*}" >/dev/null || needed+=("${tool##*:}")
done
if [ "$method" = ibus ]; then
    command -v ibus-daemon >/dev/null || needed+=(ibus)
    [ -e /usr/share/ibus/component/libpinyin.xml ] || needed+=(ibus-libpinyin)
else
    command -v fcitx5 >/dev/null || needed+=(fcitx5)
    [ -e /usr/share/fcitx5/inputmethod/pinyin.conf ] || needed+=(fcitx5-chinese-addons)
fi
compgen -G "/usr/share/vulkan/icd.d/lvp_icd*.json" >/dev/null || needed+=(mesa-vulkan-drivers libvulkan1)
if [ "${#needed[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "Installing ${needed[*]}…"
    started=$(date +%s)
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${needed[@]}" >/dev/null
    echo "Installed in $(($(date +%s) - started)) s."
fi

app=${1:-}
if [ -z "$app" ]; then
    cargo build --quiet
    app=target/debug/stagemap
fi
app=$(realpath "$app")

work=$(mktemp -d /tmp/stagemap-ime.XXXXXX)
echo "Work folder: $work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# A home of its own: fcitx5's profile, and no settings or recovery files of the user.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
export XDG_RUNTIME_DIR=$work/run
mkdir -p "$XDG_CONFIG_HOME/fcitx5" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
cat >"$XDG_CONFIG_HOME/fcitx5/profile" <<'EOF'
[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
EOF

# Xvfb picks a free display number and writes it to the file.
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=:$(cat "$work/display")

eval "$(dbus-launch --sh-syntax)"
pids+=("$DBUS_SESSION_BUS_PID")
if [ "$method" = ibus ]; then
    ibus-daemon --xim --replace --panel=disable >"$work/ibus.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do ibus engine libpinyin 2>/dev/null && break; sleep 0.2; done
    export XMODIFIERS=@im=ibus
else
    fcitx5 --replace >"$work/fcitx5.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do grep -q "Loaded addon pinyin" "$work/fcitx5.log" && break; sleep 0.2; done
    export XMODIFIERS=@im=fcitx
fi

map=$work/workshop.stagemap.ron
cp examples/template-journey-map.stagemap.ron "$map"
export WGPU_BACKEND=${WGPU_BACKEND:-vulkan} LANG=C.UTF-8
"$app" "$map" >"$work/stagemap.log" 2>&1 &
pids+=($!)
window=""
for _ in $(seq 120); do
    window=$(xdotool search --name workshop 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    sleep 0.5
done
[ -n "$window" ] || { echo "FAIL: the editor window did not open"; exit 1; }
sleep 4
xdotool windowfocus --sync "$window"

shot() { import -window root "$work/$1.png"; }
pause() { sleep "${1:-1}"; }
click() {
    xdotool mousemove "$1" "$(($2 + 7))"; pause 0.3
    xdotool mousemove "$1" "$2"; pause 0.4
    xdotool mousedown 1; pause 0.1; xdotool mouseup 1; pause 1.2
}
# One word as pinyin, Space for the first candidate. The pauses let a debug
# build on a busy machine keep up.
word() {
    xdotool type --delay 250 "$1"; pause 1.5
    xdotool key space; pause 2
}

# The new map fills the 1280×800 window: the cells of the first lane
# (customer actions) are at y≈150 on screen, the steps 152 px apart from x≈230.
row1=185
col() { echo $((230 + 152 * $1)); }

# Ten titles: six down the first step (Enter), four along the first lane (Tab).
pinyin=(gouwu zhifu dengdai fukuan dingdan tuihuo pingjia fuwu zhuce jiesuan)
titles=(购物 支付 等待 付款 订单 退货 评价 服务 注册 结算)

# The first click after the window opens only wakes it: give it one on the status bar.
click 640 790
click "$(col 0)" "$row1"
# Pinyin on, once: fcitx5 starts in English; IBus has had libpinyin chosen already.
[ "$method" = ibus ] || xdotool key ctrl+space
pause 1
for i in 0 1 2 3 4 5; do
    word "${pinyin[$i]}"
    [ "$i" -eq 0 ] && shot composition-card
    xdotool key Return; pause 2.5
done
shot column
click "$(col 1)" "$row1"
for i in 6 7 8 9; do
    word "${pinyin[$i]}"
    xdotool key Tab; pause 2.5
done
shot row

# The detail of the first card, in the inspector (its second field).
click "$(col 0)" 128
pause 1
shot inspector-open
click 1170 98
xdotool type --delay 200 xuyao; pause 1.2
shot composition-inspector
xdotool key space; pause 1
click 700 700

# Save through the command palette, searched in Chinese.
saved_before=$(stat -c %Y.%s "$map")
xdotool key ctrl+k; pause 1.5
xdotool type --delay 200 baocun; pause 1.2
xdotool key space; pause 1
shot palette
xdotool key Return
for _ in $(seq 60); do [ "$(stat -c %Y.%s "$map")" != "$saved_before" ] && break; sleep 0.5; done
pause 1
shot saved

"$app" export "$map" -o "$work/cards.csv" >/dev/null
python3 - "$work/cards.csv" "${titles[@]}" <<'EOF'
import csv, sys
path, wanted = sys.argv[1], sys.argv[2:]
with open(path, encoding="utf-8-sig") as f:
    rows = list(csv.DictReader(f))
titles = [row["title"] for row in rows]
details = {row["title"]: row["detail"] for row in rows}
ok = sorted(titles) == sorted(wanted) and details.get(wanted[0]) == "需要"
print("saved titles:", " ".join(titles))
print("detail of", wanted[0] + ":", repr(details.get(wanted[0])))
print("PASS" if ok else "FAIL: expected titles " + " ".join(wanted) + " and detail '需要'")
sys.exit(0 if ok else 1)
EOF
