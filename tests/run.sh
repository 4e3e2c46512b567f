#!/usr/bin/env bash
# Runs the whole test suite. The UI snapshot tests render on the CPU through
# Mesa's lavapipe Vulkan driver, so no GPU or display is needed; on Debian or
# Ubuntu the driver is installed here when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! compgen -G "/usr/share/vulkan/icd.d/lvp_icd*.json" >/dev/null; then
    echo "Installing the CPU renderer for the UI snapshot tests (mesa-vulkan-drivers)…"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mesa-vulkan-drivers libvulkan1 >/dev/null
fi

export WGPU_BACKEND=vulkan
cargo test "$@"
