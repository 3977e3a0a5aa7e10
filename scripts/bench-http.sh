#!/usr/bin/env bash
# HTTP load benchmark of `hydra serve` (issue 15's targets), all measured in one run on this machine:
#   (a) single-row JSON V2 infer at 200 requests/s from 10 connections: p50/p99 latency and errors (hey -q 20 -c 10)
#   (b) 256-row batches as JSON and (c) as binary tensors both ways (the binary tensor data extension): rows/s
#   (d) the in-process ONNX Runtime rate of the same graph at batch 256 (`hydra bench`), and (c) as a % of it.
# Targets: (a) p99 <= 10 ms with 0 errors; (c) >= 50 % of (d).
#
#   scripts/bench-http.sh                 # trains a short Fashion-MNIST MLP run once into runs/bench-http, reuses it
#   RUN=runs/my-run scripts/bench-http.sh # an existing run folder (members/, kd/, hydra/)
# Settings: RUN, PORT (5081), SINGLE_SECONDS (60), BATCH_SECONDS (20), BATCH_CONNECTIONS (2), THREADS (nproc),
# WARM_SECONDS (5 per body).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run=$(realpath -m "${RUN:-$root/runs/bench-http}")
port=${PORT:-5081}
single_seconds=${SINGLE_SECONDS:-60}
batch_seconds=${BATCH_SECONDS:-20}
batch_connections=${BATCH_CONNECTIONS:-2}
warm_seconds=${WARM_SECONDS:-5}
threads=${THREADS:-$(nproc)}
data=${HYDRA_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
hydra_dll="$root/src/Hydra.Cli/bin/Release/net10.0/hydra.dll"
work="$run/bench-http"
model=fmnist-hydra
url="http://127.0.0.1:$port/v2/models/$model/infer"

log() { printf '[bench-http] %s\n' "$*" >&2; }
hydra() { dotnet "$hydra_dll" "$@"; }

command -v hey >/dev/null || { log "installing hey"; apt-get install -y -qq hey >/dev/null; }
command -v jq >/dev/null || { log "installing jq"; apt-get install -y -qq jq >/dev/null; }
"$root/scripts/setup.sh" --runtime >/dev/null
[[ -f "$hydra_dll" ]] || { log "building hydra"; dotnet build "$root/src/Hydra.Cli" -c Release -v quiet >/dev/null; }

if [[ ! -f "$run/hydra/model.json" ]]; then
  log "training a short Fashion-MNIST MLP run into $run (5 members, 1 epoch each: enough for serving speed)"
  hydra run --dataset fashion-mnist --arch mlp --members 5 --member-epochs 1 --kd-epochs 1 \
    --hydra-phase1-epochs 1 --hydra-phase2-epochs 1 --no-hydra-plus --train-limit 10000 --test-limit 1000 \
    --device cpu --output "$run" >/dev/null
fi

mkdir -p "$work"
if [[ ! -f "$work/models/$model/manifest.json" ]]; then
  log "exporting $run/hydra"
  hydra export --checkpoint "$run/hydra" --output "$work/models/$model" >/dev/null
fi

log "bodies: Fashion-MNIST test images as raw pixels k/255, written with 9 significant digits"
python3 - "$data/t10k-images-idx3-ubyte.gz" "$work" <<'PY'
import gzip, json, struct, sys
images, out = sys.argv[1], sys.argv[2]
with gzip.open(images) as f:
    f.read(16)
    pixels = f.read(256 * 784)
rows = [[pixels[r * 784 + i] / 255 for i in range(784)] for r in range(256)]
def infer_json(batch):
    data = ",".join("%.9g" % v for row in batch for v in row)
    return ('{"inputs": [{"name": "input", "shape": [%d, 1, 28, 28], "datatype": "FP32", "data": [%s]}]}'
            % (len(batch), data)).encode()
open(f"{out}/single.json", "wb").write(infer_json(rows[:1]))
open(f"{out}/batch256.json", "wb").write(infer_json(rows))
header = json.dumps({"inputs": [{"name": "input", "shape": [256, 1, 28, 28], "datatype": "FP32",
                                 "parameters": {"binary_data_size": 256 * 784 * 4}}],
                     "parameters": {"binary_data_output": True}}).encode()
floats = b"".join(struct.pack("<784f", *row) for row in rows)
open(f"{out}/batch256.bin", "wb").write(header + floats)
open(f"{out}/batch256.header-length", "w").write(str(len(header)))
PY

log "in process: hydra bench --run $run --threads $threads (exports and measures every graph; takes a minute or two)"
hydra bench --run "$run" --threads "$threads" --output "$work/bench.json" >"$work/bench.txt"
hydra_onnx='.models[] | select(.name == "hydra" and .engine == "onnxruntime")'
in_process=$(jq "$hydra_onnx | .rows_per_second.batch_256" "$work/bench.json")
in_process_p50=$(jq "$hydra_onnx | .latency_p50_ms" "$work/bench.json")
in_process_p99=$(jq "$hydra_onnx | .latency_p99_ms" "$work/bench.json")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  log "something already listens on 127.0.0.1:$port; stop it or set PORT"
  exit 1
fi
log "starting hydra serve on 127.0.0.1:$port"
# dotnet itself in the background (not the hydra function's subshell), so that $! is the server and the trap stops it.
Hydra__Scoring__IntraOpThreads=$threads dotnet "$hydra_dll" serve --models "$work/models" --host 127.0.0.1 \
  --port "$port" --no-watch >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$port/v2/models/$model/ready" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done

header_length=$(cat "$work/batch256.header-length")
json=(-m POST -T application/json)
binary=(-m POST -T application/octet-stream -H "Inference-Header-Content-Length: $header_length")
# Long enough for the JIT's tiers to settle (tier 0, instrumented, tier 1 take seconds of steady traffic): measured
# earlier with 20 requests, a tenth of the server's CPU went to the JIT during the binary run.
log "warming up (${warm_seconds}s per body)"
hey -z "${warm_seconds}s" -c 2 "${json[@]}" -D "$work/single.json" "$url" >/dev/null
hey -z "${warm_seconds}s" -c 2 "${json[@]}" -D "$work/batch256.json" "$url" >/dev/null
hey -z "${warm_seconds}s" -c 2 "${binary[@]}" -D "$work/batch256.bin" "$url" >/dev/null

log "(a) single-row JSON, ${single_seconds}s at 200 requests/s from 10 connections"
hey -z "${single_seconds}s" -c 10 -q 20 "${json[@]}" -D "$work/single.json" "$url" >"$work/single.txt"
log "(b) 256-row JSON batches, ${batch_seconds}s from $batch_connections connections"
hey -z "${batch_seconds}s" -c "$batch_connections" "${json[@]}" -D "$work/batch256.json" "$url" >"$work/json256.txt"
log "(c) 256-row binary batches, ${batch_seconds}s from $batch_connections connections"
hey -z "${batch_seconds}s" -c "$batch_connections" "${binary[@]}" -D "$work/batch256.bin" "$url" \
  >"$work/binary256.txt"

# hey: "  50% in 0.0012 secs", "  Requests/sec:\t199.9", "  [200]\t12000 responses"; anything not 200 is an error.
percentile() { awk -v p="$1%" '$1 == p && $2 == "in" { printf "%.2f", $3 * 1000 }' "$2"; }
rate() { awk '/Requests\/sec:/ { print $2 }' "$1"; }
count() { awk -v ok="$2" '/responses$/ { gsub(/[\[\]]/, "", $1); if ((ok && $1 == 200) || (!ok && $1 != 200)) n += $2 }
  /^Error distribution:/ { errors = 1; next } errors && /^ +\[/ { gsub(/[\[\]]/, "", $1); if (!ok) n += $1 }
  END { print n + 0 }' "$1"; }
rows_per_second() { awk -v r="$(rate "$1")" 'BEGIN { printf "%.0f", r * 256 }'; }

p50=$(percentile 50 "$work/single.txt"); p99=$(percentile 99 "$work/single.txt")
json_rows=$(rows_per_second "$work/json256.txt"); binary_rows=$(rows_per_second "$work/binary256.txt")
share=$(awk -v b="$binary_rows" -v i="$in_process" 'BEGIN { printf "%.0f", 100 * b / i }')
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "MISSED"; fi; }

cat <<EOF

hydra serve over HTTP, $(nproc) cores, ONNX Runtime $threads threads, model $model ($run/hydra), $(date -u +%FT%TZ)
(a) single-row JSON, 200 req/s offered from 10 connections for ${single_seconds}s:
    $(rate "$work/single.txt") req/s served, $(count "$work/single.txt" 1) OK, $(count "$work/single.txt" 0) errors
    latency p50 ${p50} ms, p99 ${p99} ms                 target p99 <= 10 ms, 0 errors: $(verdict \
"$p99 <= 10 && $(count "$work/single.txt" 0) == 0")
(b) 256-row batches as JSON:    ${json_rows} rows/s ($(count "$work/json256.txt" 0) errors)
(c) 256-row batches as binary:  ${binary_rows} rows/s ($(count "$work/binary256.txt" 0) errors)
(d) in process (hydra bench, ONNX Runtime, batch 256): $(printf '%.0f' "$in_process") rows/s
    binary over HTTP = ${share} % of in process       target >= 50 %: $(verdict "$share >= 50")
    in process, one row at a time: p50 ${in_process_p50} ms, p99 ${in_process_p99} ms (no HTTP: the machine's floor)
Load average (1, 5, 15 min) before the HTTP runs: ${load_before}; after: $(cut -d' ' -f1-3 /proc/loadavg)
Raw hey output and hydra bench's table: $work/
EOF
