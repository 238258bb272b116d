#!/usr/bin/env bash
# Benchmark (not a test): wall time of one fresh `vanban render` process
# turning the sample into PDF + DOCX, release build. Uses hyperfine when it
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
