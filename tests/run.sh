#!/usr/bin/env bash
# Runs the whole test suite. The UI snapshot tests render on the CPU through
# Mesa's lavapipe Vulkan driver, so no GPU or display is needed, and the PDF
# tests read the exported PDFs back with poppler's tools (pdftotext, pdffonts,
# pdfinfo, pdftoppm); the font tests draw characters the bundled font lacks
# with the system's Noto Sans CJK (fonts-noto-cjk). On Debian or Ubuntu each
# is installed here when it is missing; so are the Node packages of the live
# interoperability test.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
if ! compgen -G "/usr/share/vulkan/icd.d/lvp_icd*.json" >/dev/null; then
    echo "Installing the CPU renderer for the UI snapshot tests (mesa-vulkan-drivers)…"
    packages+=(mesa-vulkan-drivers libvulkan1)
fi
if ! command -v pdftotext >/dev/null; then
    echo "Installing poppler's tools for the PDF tests (poppler-utils)…"
    packages+=(poppler-utils)
fi
if ! compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.tt[cf]" >/dev/null; then
    echo "Installing the system font the font tests draw rare characters with (fonts-noto-cjk)…"
    packages+=(fonts-noto-cjk)
fi
if [ "${#packages[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi
# The live interoperability test talks to the standard npm y-websocket server
# through a Node Yjs peer; their packages are installed here once (npm ci, from
# the committed lock). Without Node the test says it was skipped.
if [ ! -d tests/interop/node_modules ]; then
    if command -v npm >/dev/null; then
        echo "Installing the npm y-websocket server and Yjs for the interoperability test…"
        (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
    else
        echo "npm is not installed: the live interoperability test will be skipped."
    fi
fi

export WGPU_BACKEND=vulkan
cargo test "$@"
