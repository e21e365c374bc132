#!/usr/bin/env bash
# Add MediaCraft to the desktop's application menu for the current user (no root needed):
# the .desktop entry, the AppStream metainfo and the app icon under ${XDG_DATA_HOME:-~/.local/share}.
#
#   packaging/install-desktop-integration.sh [BUNDLE_DIR]    install (launcher runs BUNDLE_DIR/MediaCraft)
#   packaging/install-desktop-integration.sh --uninstall     remove what install added
#
# Without BUNDLE_DIR the launcher runs dist/MediaCraft/MediaCraft if it was built, else .venv/bin/mediacraft,
# else `mediacraft` on PATH.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app_id=io.mediacraft.MediaCraft
data=${XDG_DATA_HOME:-$HOME/.local/share}
desktop_file="$data/applications/$app_id.desktop"
icon_file="$data/icons/hicolor/scalable/apps/$app_id.svg"
metainfo_file="$data/metainfo/$app_id.metainfo.xml"

refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data/applications" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$desktop_file" "$icon_file" "$metainfo_file"
  refresh
  echo "desktop integration removed"
  exit 0
fi

if [ -n "${1:-}" ]; then
  exe="$(cd "$1" && pwd)/MediaCraft"
elif [ -x "$root/dist/MediaCraft/MediaCraft" ]; then
  exe="$root/dist/MediaCraft/MediaCraft"
elif [ -x "$root/.venv/bin/mediacraft" ]; then
  exe="$root/.venv/bin/mediacraft"
else
  exe=$(command -v mediacraft || true)
fi
if [ -z "$exe" ] || [ ! -x "$exe" ]; then
  echo "install: no MediaCraft executable found (build it: packaging/build.sh)" >&2
  exit 1
fi
case "$exe" in
  *$'\n'* | *$'\r'* | *$'\t'*) echo "install: the executable path contains a line break or tab: $exe" >&2; exit 1 ;;
esac

# Desktop Entry spec: inside a quoted Exec argument escape \ " ` $ with a backslash, then apply the
# string-value escape (\ -> \\); % is written %%. TryExec is a plain string value.
quoted=${exe//\\/\\\\}
quoted=${quoted//\"/\\\"}
quoted=${quoted//\`/\\\`}
quoted=${quoted//\$/\\\$}
quoted=${quoted//\\/\\\\}
quoted=${quoted//%/%%}
try_exec=${exe//\\/\\\\}

mkdir -p "$(dirname "$desktop_file")" "$(dirname "$icon_file")" "$(dirname "$metainfo_file")"
tmp_desktop=$(mktemp "$desktop_file.XXXXXX")
while IFS= read -r line; do
  case "$line" in
    Exec=*) printf 'Exec="%s" %%F\n' "$quoted" ;;
    TryExec=*) printf 'TryExec=%s\n' "$try_exec" ;;
    *) printf '%s\n' "$line" ;;
  esac
done <"$root/packaging/$app_id.desktop" >"$tmp_desktop"
chmod 644 "$tmp_desktop"
mv -f "$tmp_desktop" "$desktop_file"
install -m 644 "$root/resources/icons/app.svg" "$icon_file"
install -m 644 "$root/packaging/$app_id.metainfo.xml" "$metainfo_file"
refresh
echo "installed $desktop_file (runs $exe), $icon_file, $metainfo_file"
