#!/usr/bin/env bash
# Runs the whole test suite. The UI snapshot tests render on the CPU through
# Mesa's lavapipe Vulkan driver, so no GPU or display is needed, and the PDF
# tests read the exported PDFs back with poppler's tools (pdftotext, pdffonts,
# pdfinfo); on Debian or Ubuntu both are installed here when they are missing.
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
if [ "${#packages[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi

export WGPU_BACKEND=vulkan
cargo test "$@"
