#!/usr/bin/env bash
# The Debian package as a user meets it: CPack writes it from the built tree, then
#  - dpkg-deb --info: its name, section and the Depends computed from the binaries;
#  - dpkg-deb --contents: the plugins, the app, faltung-render and faltung-capture,
#    the menu entry and icon, the manual pages, copyright and changelog, all under /usr;
#  - lintian: no errors (its warnings are printed);
#  - desktop-file-validate: the menu entry is valid;
#  - unpacked into a scratch root (dpkg -x), lv2info reads the LV2 bundle there and
#    lists its eight presets, and Ardour 7 finds it (LV2_PATH, ARDOUR_FPU_FLAGS=95)
#    and inserts it on a track.
#
# usage: CheckDebianPackage.sh BUILD_DIR SOURCE_DIR SCRATCH_DIR
set -euo pipefail
build=$(realpath "$1")
source=$(realpath "$2")
scratch=$3
rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(realpath "$scratch")
fail() {
    echo "FAILED: $*" >&2
    exit 1
}

(cd "$build" && cpack -G DEB -B "$scratch/out") > "$scratch/cpack.log" 2>&1 || {
    cat "$scratch/cpack.log"
    fail "cpack -G DEB failed"
}
deb=$(ls "$scratch"/out/faltung_*.deb)
echo "== $deb"

info=$(dpkg-deb --info "$deb")
echo "$info"
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == faltung ]] || fail "the package is not called faltung"
[[ $(field Section) == sound ]] || fail "the package's section is not sound"
depends=$(field Depends)
for library in libc6 libstdc++6 libfftw3-single3 libsoxr0 libasound2 libfreetype6; do
    [[ "$depends" == *"$library "* ]] || fail "Depends lacks $library (dpkg-shlibdeps did not run?): $depends"
done
[[ $(field Recommends) == *libjack-jackd2-0* ]] || fail "Recommends lacks JACK's library, which the app opens at run time"

contents=$(dpkg-deb --contents "$deb" | awk '{ print $6 }')
echo "== contents"
echo "$contents"
for path in ./usr/bin/Faltung ./usr/bin/faltung-render ./usr/bin/faltung-capture \
    ./usr/lib/lv2/Faltung.lv2/manifest.ttl ./usr/lib/lv2/Faltung.lv2/dsp.ttl ./usr/lib/lv2/Faltung.lv2/libFaltung.so \
    ./usr/lib/vst3/Faltung.vst3/Contents/x86_64-linux/Faltung.so \
    ./usr/share/applications/org.faltung.Faltung.desktop ./usr/share/icons/hicolor/scalable/apps/faltung.svg \
    ./usr/share/man/man1/faltung-render.1.gz ./usr/share/man/man1/faltung-capture.1.gz \
    ./usr/share/man/man1/Faltung.1.gz \
    ./usr/share/doc/faltung/copyright ./usr/share/doc/faltung/changelog.gz; do
    grep -qxF "$path" <<< "$contents" || fail "the package has no $path"
done
outside=$(grep -v '^\./usr/' <<< "$contents" | grep -vx '\./' || true)
[[ -z "$outside" ]] || fail "the package installs outside /usr: $outside"

echo "== lintian"
lintian --allow-root "$deb" > "$scratch/lintian.txt" 2>&1 || true
cat "$scratch/lintian.txt"
if grep -q '^E: ' "$scratch/lintian.txt"; then
    fail "lintian reports errors"
fi

root="$scratch/root"
dpkg -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/org.faltung.Faltung.desktop" || fail "the menu entry is not valid"
zcat "$root/usr/share/man/man1/faltung-render.1.gz" | grep -q -- 'damp\\-low' ||
    fail "faltung-render's manual page lacks its options"
"$root/usr/bin/faltung-render" --help > /dev/null || fail "the packaged faltung-render does not run"

echo "== lv2info, LV2_PATH=$root/usr/lib/lv2"
LV2_PATH="$root/usr/lib/lv2" lv2info https://faltung.org/plugins/faltung > "$scratch/lv2info.txt" 2>&1 || {
    cat "$scratch/lv2info.txt"
    fail "lv2info cannot read the packaged LV2"
}
# The presets block: "Presets:" then one indented name a line, up to a blank line.
presets=$(sed -n '/^\tPresets:/,/^$/p' "$scratch/lv2info.txt" | sed 's/^\tPresets://; s/^[[:space:]]*//' | grep -v '^$' | sort)
echo "$presets"
expected=$(printf '%s\n' "Small Room" "Studio Live Room" "Chamber" "Concert Hall" "Cathedral" "Plate" "Spring" \
    "Guitar Cabinet" | sort)
[[ "$presets" == "$expected" ]] || fail "lv2info lists other presets than the eight programs: $presets"

echo "== Ardour, LV2_PATH=$root/usr/lib/lv2"
home="$scratch/home"
mkdir -p "$home"
ardour() {
    env HOME="$home" DISPLAY=none ARDOUR_FPU_FLAGS=95 LV2_PATH="$root/usr/lib/lv2" \
        timeout 120 ardour7-lua "$source/Tests/Hosts/Ardour/$1" "${@:2}"
}
ardour create_session.lua "$scratch/session" faltung 48000 0 > "$scratch/create.log" 2>&1 || {
    cat "$scratch/create.log"
    fail "Ardour could not create a session"
}
ardour insert_plugin.lua "$scratch/session" faltung lv2 > "$scratch/insert.log" 2>&1 || {
    cat "$scratch/insert.log"
    fail "Ardour could not insert the packaged LV2"
}
grep -E '^(unique-id|latency|done)' "$scratch/insert.log"
grep -qx 'unique-id https://faltung.org/plugins/faltung' "$scratch/insert.log" || fail "Ardour did not load Faltung"
grep -qx 'done' "$scratch/insert.log" || fail "Ardour did not finish"
echo "The Debian package is complete, lintian-clean, and its LV2 is found by lv2info (with its presets) and Ardour."
