#!/usr/bin/env bash
# How `licenselab validate` and `licenselab run --compact -o FILE` grow with the tenant: generated
# tenants of 10,000, 100,000 and 1,000,000 users (groups in proportion: one per 50 users, sized as
# in the smallest tenant with `generate --groups-sized-for`, so every tenant has about as many
# memberships per user; without it bigger tenants also get bigger groups), each command run
# ROUNDS times in turn (sizes and commands alternate, so a noisy machine slows all
# alike), with the median wall time, CPU time and peak memory (/usr/bin/time) of each.
#
#   cargo build --release -p licenselab-cli
#   tests/bench/growth.sh [ROUNDS]            # 3 rounds by default
#
# Environment: LICENSELAB (the binary; target/release/licenselab), SIZES (user counts;
# "10000 100000 1000000"), SIZED_FOR (the tenant size groups are drawn for; the first of SIZES),
# WORK (where the tenants go; a new folder under /tmp, deleted at the
# end unless WORK is given). The 1,000,000-user tenant is 1.3 GB of JSON and its run needs
# several GB of memory. Not part of ./dev test.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${LICENSELAB:-$root/target/release/licenselab}"
sizes=(${SIZES:-10000 100000 1000000})
rounds="${1:-3}"
sized_for="${SIZED_FOR:-${sizes[0]}}"
[[ -x $bin ]] || { echo "no $bin: cargo build --release -p licenselab-cli" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 1; }
if [[ -n ${WORK:-} ]]; then
  work="$WORK"
  mkdir -p "$work"
else
  work="$(mktemp -d /tmp/licenselab-growth.XXXXXX)"
  trap 'rm -rf "$work"' EXIT
fi

for users in "${sizes[@]}"; do
  tenant="$work/tenant-$users-sized-$sized_for.json"
  if [[ ! -s $tenant ]]; then
    echo "generating $users users, $((users / 50)) groups..." >&2
    "$bin" generate --users "$users" --groups $((users / 50)) --skus 40 --seed 1 \
      --groups-sized-for "$sized_for" -o "$tenant"
  fi
done

# One measurement of the command: "wall-seconds CPU-seconds (user and system) peak-KB".
measure() {
  /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$@" >/dev/null
  read -r wall user system peak <"$work/time"
  echo "$wall $(echo "$user + $system" | bc) $peak"
}

declare -A samples
for ((round = 1; round <= rounds; round++)); do
  for users in "${sizes[@]}"; do
    tenant="$work/tenant-$users-sized-$sized_for.json"
    echo "round $round/$rounds: $users users" >&2
    samples[validate-$users]+="$(measure "$bin" validate "$tenant")"$'\n'
    samples[run-$users]+="$(measure "$bin" run --compact "$tenant" -o "$work/result.json")"$'\n'
    rm -f "$work/result.json"
  done
done

# The median of column $2 (1 wall, 2 CPU, 3 peak KB) of the samples $1.
median() {
  sort -n -k "$2" <<<"${1%$'\n'}" | awk -v k="$2" '{ v[NR] = $k } END { print v[int((NR + 1) / 2)] }'
}

printf '%-9s %-7s %9s | %-29s | %-29s | %s\n' users groups "input MB" \
  "validate: wall / CPU s, peak" "run --compact -o: same" "run/validate CPU"
previous=""
for users in "${sizes[@]}"; do
  bytes=$(stat -L -c %s "$work/tenant-$users-sized-$sized_for.json")
  row=()
  for command in validate run; do
    s="${samples[$command-$users]}"
    row+=("$(median "$s" 1)" "$(median "$s" 2)" "$(( $(median "$s" 3) / 1024 ))")
  done
  printf '%-9s %-7s %9.1f | %7.2f / %6.2f s %7s MB | %7.2f / %6.2f s %7s MB | %.2f\n' \
    "$users" $((users / 50)) "$(echo "$bytes / 1000000" | bc -l)" "${row[@]}" \
    "$(echo "${row[4]} / ${row[1]}" | bc -l)"
  if [[ -n $previous ]]; then
    read -r pusers pbytes pcpu pmb <<<"$previous"
    printf '  x%-7s input x%.1f, run CPU x%.1f, run peak memory x%.1f\n' \
      $((users / pusers)) "$(echo "$bytes / $pbytes" | bc -l)" \
      "$(echo "${row[4]} / $pcpu" | bc -l)" "$(echo "${row[5]} / $pmb" | bc -l)"
  fi
  previous="$users $bytes ${row[4]} ${row[5]}"
done
