#!/usr/bin/env bash
# Make sure a Chromium is available for the browser tests, installing Debian's when we can.
# Order: $CHROMIUM_PATH, then chromium / chromium-browser / google-chrome on PATH, then apt-get (as root).
# Without a browser the browser tests are skipped loudly, except under CI=true, where this fails the run.
set -u
for candidate in "${CHROMIUM_PATH:-}" chromium chromium-browser google-chrome google-chrome-stable; do
  [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && exit 0
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests (once)..."
  if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/tmp/ensure_browser.log 2>&1; then
    exit 0
  fi
  echo "apt-get could not install chromium; see /tmp/ensure_browser.log" >&2
fi
if [ "${CI:-}" = "true" ]; then
  echo "ERROR: no Chromium found and none could be installed; CI needs the browser tests." >&2
  exit 1
fi
echo "WARNING: no Chromium found: the browser tests will be SKIPPED. Set CHROMIUM_PATH to a Chrome or Chromium to run them." >&2
exit 0
