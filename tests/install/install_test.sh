#!/usr/bin/env bash
# The installed stackplan and orderd, run as a user would: from a directory
# that is neither the source nor the build tree, with nothing but the prefix.
# Usage: install_test.sh STEP BUILD_DIR PREFIX_FILE VERSION
#   install   cmake --install BUILD_DIR into a new temporary prefix (its path
#             saved in PREFIX_FILE for the other steps), then check the layout
#   version   both programs print VERSION for --version
#   simulate  `stackplan simulate` on every installed example scenario
#   cost      `stackplan cost` on every installed cost example, with the
#             catalog the installed stackplan finds on its own
#   remove    delete the prefix
set -euo pipefail
step=$1 build=$2 prefix_file=$3 version=$4
# Only the installed layout may lead stackplan to its catalog.
unset STACKPLAN_CATALOG

fail() {
  echo "install test ($step): $*" >&2
  exit 1
}

# A fresh working directory, so no lookup can succeed through the cwd.
elsewhere=$(mktemp -d)
trap 'rm -rf "$elsewhere"' EXIT
cd "$elsewhere"
if [ "$step" = install ]; then
  [ ! -f "$prefix_file" ] || rm -rf "$(cat "$prefix_file")"
  # Outside the source and build trees: no catalog/ above it but the installed one.
  mktemp -d -t stackplan-prefix.XXXXXX >"$prefix_file"
fi
prefix=$(cat "$prefix_file")
bin=$prefix/bin
examples=$prefix/share/stackplan/examples

case $step in
  install)
    cmake --install "$build" --prefix "$prefix" >/dev/null || fail "cmake --install failed"
    for file in bin/stackplan bin/orderd share/stackplan/catalog/aws.yaml \
      share/doc/stackplan/README.md share/doc/stackplan/CASES.md; do
      [ -e "$prefix/$file" ] || fail "$file is not installed"
    done
    ls "$examples"/*.yaml >/dev/null 2>&1 || fail "no example scenarios in $examples"
    ls "$examples"/cost/*.yaml >/dev/null 2>&1 || fail "no cost examples in $examples/cost"
    ;;
  version)
    for program in stackplan orderd; do
      printed=$("$bin/$program" --version) || fail "$program --version exited non-zero"
      [ "$printed" = "$program $version" ] ||
        fail "$program --version printed \"$printed\", expected \"$program $version\""
    done
    ;;
  simulate)
    for scenario in "$examples"/*.yaml; do
      out=$("$bin/stackplan" simulate "$scenario") || fail "simulate $scenario exited non-zero"
      grep -q "Aggregated" <<<"$out" || fail "simulate $scenario printed no Aggregated row"
    done
    ;;
  cost)
    # The installed catalog, not the source tree's that the build also knows.
    listed=$("$bin/stackplan" catalog list) || fail "catalog list exited non-zero"
    grep -q "$prefix/share/stackplan/catalog/aws.yaml" <<<"$listed" ||
      fail "the installed stackplan does not read the installed catalog: $listed"
    for scenario in "$examples"/cost/*.yaml; do
      out=$("$bin/stackplan" cost "$scenario") || fail "cost $scenario exited non-zero"
      grep -Eiq '^ *total[[:space:]].*\$[0-9]' <<<"$out" || fail "cost $scenario printed no total"
    done
    ;;
  remove)
    rm -rf "$prefix" "$prefix_file"
    ;;
  *)
    fail "unknown step"
    ;;
esac
