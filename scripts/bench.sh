#!/usr/bin/env bash
# Benchmark (not a test): wall time of one fresh `vanban render` process
# turning the sample into PDF + DOCX, release build; the editor's preview
# after a one-character edit; a batch of reminder letters. Uses hyperfine when it
# is installed (Debian package `hyperfine`), else a plain timing loop.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/vanban"
sample=samples/cong-van-ccn-bac-giang.yaml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
runs=${RUNS:-30}

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$runs" -N \
    "$bin render $sample -o $out --no-system-fonts" \
    "$bin render $sample -o $out --no-system-fonts --format pdf" \
    "$bin render $sample -o $out --no-system-fonts --format docx"
else
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$bin" render "$sample" -o "$out" --no-system-fonts; done
  end=$(date +%s%N)
  echo "sample → PDF + DOCX: $(( (end - start) / runs / 1000000 )) ms per run (mean of $runs)"
fi
/usr/bin/time -v "$bin" render "$sample" -o "$out" --no-system-fonts 2>&1 \
  | grep -E "Maximum resident|Elapsed" || true

# Editor (`vanban edit`): after a warm-up, one-character edits in the seed's
# body → updated diagnostics and SVG pages from POST /api/preview (the
# server's own time, "ms", and the client's round trip); then, when Chromium
# and Selenium are installed (scripts/test.sh installs them), keystroke →
# repainted page in headless Chromium.
edit_dir="$out/edit"
mkdir -p "$edit_dir"
cp "$sample" "$edit_dir/"
cp -r samples/hinh "$edit_dir/"
"$bin" edit "$edit_dir/$(basename "$sample")" --no-browser --port 0 --no-system-fonts \
  >"$edit_dir/url" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$out"' EXIT
for _ in $(seq 100); do [ -s "$edit_dir/url" ] && break; sleep 0.05; done
url=$(head -1 "$edit_dir/url")
echo "edit: one-character change in the body → diagnostics + SVG pages (POST /api/preview)"
python3 - "$url" "$sample" "${EDITS:-60}" "$server" <<'PY'
import json, os, statistics, sys, time, urllib.request
url, path, n, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def cpu():  # the server's user + system CPU time, in ms (Linux); None elsewhere
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except OSError:
        return None
base, token = url.split("/?")[0], url.split("token=")[1]
text = open(path, encoding="utf-8").read()
def preview(t, have):
    req = urllib.request.Request(base + "/api/preview", data=json.dumps({"text": t, "have": have}).encode(),
                                 headers={"X-Vanban-Token": token, "Content-Type": "application/json"})
    t0 = time.perf_counter()
    r = json.load(urllib.request.urlopen(req))
    return r, (time.perf_counter() - t0) * 1000
at = text.index("Tổ chức rà soát") + len("Tổ chức rà soát")
r, _ = preview(text, [])                      # warm-up: every page drawn once
have = {p["hash"] for p in r["pages"]}
server, wall, check, layout, svg, sent = [], [], [], [], [], []
cpu0 = cpu()
for k in range(n):
    edited = text[:at] + "x" * (k + 1) + text[at:]   # each edit new: no cached layout
    r, w = preview(edited, sorted(have))
    server.append(r["ms"]); wall.append(w)
    check.append(r["timing"]["check"]); layout.append(r["timing"]["layout"]); svg.append(r["timing"]["svg"])
    sent.append(sum("svg" in p for p in r["pages"]))
    have |= {p["hash"] for p in r["pages"]}
cpu1 = cpu()
q = lambda v: "median %.1f ms, p90 %.1f ms" % (statistics.median(v), sorted(v)[int(0.9 * len(v))])
print(f"  {n} edits, {r['page_count']} pages, pages re-sent per edit: {sorted(set(sent))}")
print(f"  server time: {q(server)} (check {statistics.median(check):.1f}, layout {statistics.median(layout):.1f}, svg {statistics.median(svg):.1f})")
print(f"  round trip:  {q(wall)}")
if cpu0 is not None:
    # CPU time barely depends on what else the machine runs; wall time does.
    print(f"  server CPU time per edit: {(cpu1 - cpu0) / n:.1f} ms (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
PY
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && python3 -c "import selenium" 2>/dev/null; then
  echo "edit: keystroke → repainted page in headless Chromium"
  python3 tests/edit_browser.py "$url" "$edit_dir" "$edit_dir/shot.png" --bench "${KEYS:-30}" | tail -2 | head -1
else
  echo "edit: Chromium, chromedriver or selenium missing; browser timing skipped (scripts/test.sh installs them)"
fi
kill "$server" 2>/dev/null || true
trap 'rm -rf "$out"' EXIT

# Batch: 1000 one-page reminder letters (PDF + DOCX) from one process.
n=${LETTERS:-1000}
python3 - "$out" "$n" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
with open(f"{out}/chi-thi.yaml", "w") as f:
    f.write("co_quan:\n  ten: |-\n    Ủy ban nhân dân\n    tỉnh Bắc Giang\n  viet_tat: UBND\n"
            "so: 1956\ndon_vi_soan_thao: KTTH\ndia_danh: Bắc Giang\nngay: 2024-04-19\n"
            "trich_yeu: tăng cường quản lý, phát triển cụm công nghiệp trên địa bàn tỉnh\n"
            "mo_dau: [Chủ tịch UBND tỉnh có ý kiến như sau]\nphan_cong:\n")
    for i in range(n):
        f.write(f"  - don_vi: Đơn vị số {i + 1}\n    nhiem_vu:\n"
                "      - Rà soát, đánh giá các cơ chế, chính sách về quản lý, phát triển cụm công nghiệp; báo cáo kết quả.\n")
    f.write("nguoi_ky:\n  quyen_han: KT\n  thu_truong: Chủ tịch\n  chuc_vu: Phó Chủ tịch\n  ho_ten: Phan Thế Tuấn\n"
            "noi_nhan: [Như trên]\nluu: VT, KTTH\n")
with open(f"{out}/tien-do.yaml", "w") as f:
    f.write("han: 2024-05-31\ntien_do: []\n")
PY
echo "batch: $n reminder letters, PDF + DOCX, one process"
/usr/bin/time -v "$bin" remind "$out/chi-thi.yaml" --tien-do "$out/tien-do.yaml" --ngay 2024-06-20 \
  -o "$out/don-doc" --no-system-fonts 2>&1 | grep -E "đôn đốc:|Elapsed|Maximum resident"
echo "files written: $(ls "$out/don-doc" | wc -l)"

