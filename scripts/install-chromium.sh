#!/bin/sh
# Installs Debian's Chromium and its WebDriver, which the dashboard's browser
# test drives. Does nothing when both are already there.
set -eu

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium.sh: chromium and chromedriver are missing and this system has no apt-get;" \
        "install them (as /usr/bin/chromium and /usr/bin/chromedriver) to run the browser test" >&2
    exit 3
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo -n"
else
    echo "install-chromium.sh: chromium and chromedriver are missing, and installing them needs root or sudo" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update
$as_root apt-get install -y --no-install-recommends chromium chromium-driver
